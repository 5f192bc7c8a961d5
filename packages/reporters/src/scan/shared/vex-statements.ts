import type { ExtractedPackage, Finding, ScanReport } from "@bulwark/core";
import { productIri, type VexState, vexFindings, vexStateOf } from "./vex-facts.ts";

/** What a VEX document says about one vulnerability in one product (package identity). */
export interface VexStatement {
  /** The finding id: a CVE when the group has one. */
  readonly vulnerabilityId: string;
  /** Every other id and alias of the merged findings, sorted. */
  readonly aliases: readonly string[];
  /** The purl (or `bulwark:` IRI) of the package. */
  readonly productId: string;
  readonly pkg: ExtractedPackage;
  readonly state: VexState;
  /** The most urgent finding with the statement's state: its suppression, fixes and facts are the statement's. */
  readonly finding: Finding;
}

// When one package identity is found twice (two lockfiles) with different outcomes, the statement
// must be single and conservative: affected wins over undetermined, which wins over suppressed.
const RANK: Readonly<Record<VexState, number>> = { affected: 2, under_investigation: 1, not_affected: 0 };

/**
 * One statement per (vulnerability id, product), in the report's priority order. Findings of the
 * same package identity (the same purl at two locations) are merged, so no two statements share
 * both vulnerability and product.
 */
export function vexStatements(report: ScanReport): VexStatement[] {
  const byKey = new Map<string, { statement: VexStatement; aliases: Set<string> }>();
  for (const finding of vexFindings(report)) {
    const pkg = report.packages[finding.packageIndex]!;
    const productId = productIri(pkg);
    const key = `${finding.id}\u0000${productId}`;
    const state = vexStateOf(finding);
    const seen = byKey.get(key);
    const aliases = seen?.aliases ?? new Set<string>();
    for (const a of [...finding.aliases, ...finding.advisoryIds]) aliases.add(a);
    if (seen === undefined || RANK[state] > RANK[seen.statement.state]) {
      const statement = { vulnerabilityId: finding.id, aliases: [], productId, pkg, state, finding };
      byKey.set(key, { statement, aliases });
    }
  }
  return [...byKey.values()].map(({ statement, aliases }) => ({
    ...statement,
    aliases: [...aliases].filter((a) => a !== statement.vulnerabilityId).sort(),
  }));
}

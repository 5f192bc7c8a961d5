import { type AdvisoryHit, Matcher, type PackageMatch } from "@bulwark/advisories";
import type {
  ExtractedPackage,
  Finding,
  FindingSuppression,
  Inventory,
  OsvRecord,
  PackageRemediation,
  ScanReport,
} from "@bulwark/core";
import { BulwarkError } from "@bulwark/core";
import {
  DEFAULT_REMEDIATION_POLICY_ID,
  type MissionWellbeing,
  REMEDIATION_POLICIES,
  remediationPolicy,
} from "@bulwark/scoring";
import type { AnyVersionScheme } from "@bulwark/versions";
import { EnrichmentCache } from "./enrichment-cache.ts";
import { crossesMajor, smallestFix } from "./fixes.ts";
import type { ScanKnowledge } from "./knowledge.ts";
import { priorityOf } from "./priority.ts";

/** Options of {@link scanInventory}. */
export interface ScanOptions {
  /** The clock: the report's time and the start of remediation deadlines. */
  readonly now: Date;
  readonly tool: { readonly name: string; readonly version: string };
  readonly database: ScanReport["database"];
  /** SSVC Mission & Well-being (`--mission`). */
  readonly mission?: MissionWellbeing;
  /** The scanned system is reachable from public networks (`--exposed`, BOD 26-04). */
  readonly exposed?: boolean;
  /** Remediation policy id (`bod-26-04` default, `bod-22-01`). */
  readonly policy?: string;
  /** Decides whether a finding is suppressed (bulwark.yaml, VEX); undefined keeps it. */
  readonly suppress?: (
    finding: Omit<Finding, "priority" | "suppressed">,
    pkg: ExtractedPackage,
  ) => FindingSuppression | undefined;
  /** Called as packages are matched (every 100 and at the end), for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Leave out findings with no fixed version (`--only-fixable`). */
  readonly onlyFixable?: boolean;
  /**
   * Which whole OSV records the report carries: `true` (default) every named advisory's record,
   * parsed, in {@link ScanReport.vulnerabilities}; `"json"` their stored text, read on demand
   * through {@link ScanReport.recordJson} (for reports that copy records whole); `false` none
   * (reports that read only findings skip reading thousands of records).
   */
  readonly records?: boolean | "json";
  /**
   * A matcher over the same knowledge to reuse: one that has already matched these packages
   * (the server matches first to learn which advisories' digests to fetch) keeps its compiled
   * ranges, so the scan does not compile them again.
   */
  readonly matcher?: Matcher;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Everything the matcher found for one package, its own name and (for OS packages) its source package. */
async function matchPackage(matcher: Matcher, pkg: ExtractedPackage): Promise<PackageMatch[]> {
  const matches = [await matcher.match({ ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version })];
  // Debian and Ubuntu advisories name source packages (`openssl` for `libssl3`).
  if (pkg.sourceName !== undefined && pkg.sourceName !== pkg.name) {
    matches.push(
      await matcher.match({
        ecosystem: pkg.ecosystem,
        name: pkg.sourceName,
        version: pkg.sourceVersion ?? pkg.version,
      }),
    );
  }
  return matches;
}

/**
 * Match an inventory against the advisory knowledge base and enrich every finding (severity,
 * EPSS, KEV, SSVC, a remediation deadline, fixed versions); then the smallest fixing upgrade
 * per package. Pure apart from the knowledge base: the clock and options come from the caller.
 */
export async function scanInventory(
  inventory: Inventory,
  knowledge: ScanKnowledge,
  opts: ScanOptions,
): Promise<ScanReport> {
  const matcher = opts.matcher ?? new Matcher(knowledge);
  const policy = remediationPolicy(opts.policy ?? DEFAULT_REMEDIATION_POLICY_ID);
  if (policy === undefined) {
    throw new BulwarkError("BULWARK_CONFIG_INVALID", `unknown remediation policy ${JSON.stringify(opts.policy)}`, {
      hint: `Use one of: ${REMEDIATION_POLICIES.map((p) => p.id).join(", ")}.`,
    });
  }
  const cache = new EnrichmentCache(knowledge, {
    mission: opts.mission,
    exposed: opts.exposed ?? false,
    policy,
    startDate: isoDay(opts.now),
  });
  const findings: Finding[] = [];
  const remediations: PackageRemediation[] = [];
  // Completes a finding in place: a scan makes a hundred thousand of them, and copying each to
  // add two fields doubled the garbage.
  const judge = (base: Draft, pkg: ExtractedPackage, hits: readonly AdvisoryHit[], into: JudgedFinding[]) => {
    const suppressed = opts.suppress?.(base, pkg);
    if (suppressed !== undefined) base.suppressed = suppressed;
    base.priority = priorityOf(base);
    into.push({ finding: base as Finding, hits });
  };

  for (let packageIndex = 0; packageIndex < inventory.packages.length; packageIndex++) {
    const pkg = inventory.packages[packageIndex] as ExtractedPackage;
    if (packageIndex % 100 === 0) opts.onProgress?.(packageIndex, inventory.packages.length);
    const matches = await matchPackage(matcher, pkg);
    const pkgFindings: JudgedFinding[] = [];
    const seen = new Set<string>();
    for (const match of matches) {
      const scheme = matcher.schemeFor(match.package.ecosystem);
      const installed = scheme?.parse(match.package.version);
      cache.noteDigests(match.affected);
      cache.noteDigests(match.undetermined);
      // Groups list advisory ids; index the hits once instead of filtering them per group.
      const hitsById = new Map<string, AdvisoryHit[]>();
      for (const h of match.affected) {
        const list = hitsById.get(h.advisoryId);
        if (list === undefined) hitsById.set(h.advisoryId, [h]);
        else list.push(h);
      }
      for (const group of match.groups) {
        if (group.ids.some((id) => seen.has(id))) continue;
        for (const id of group.ids) seen.add(id);
        const facts = cache.group(group.ids, group.aliases);
        const hits =
          group.ids.length === 1
            ? (hitsById.get(group.ids[0] as string) ?? [])
            : group.ids.flatMap((id) => hitsById.get(id) ?? []);
        // Optional facts are assigned, not spread in: spreading allocates an object per fact per finding.
        const base: Draft = {
          id: facts.cve ?? facts.ids[0] ?? "",
          advisoryIds: facts.ids,
          aliases: facts.aliases,
          packageIndex,
          status: "affected",
          severity: cache.severity(hits),
          ssvc: facts.ssvc,
          deadline: facts.deadline,
          fixedVersions: cache.fixesAbove(scheme, installed, hits),
        };
        if (facts.summary !== undefined) base.summary = facts.summary;
        if (facts.epss !== undefined) base.epss = facts.epss;
        if (facts.kev !== undefined) base.kev = facts.kev;
        judge(base, pkg, hits, pkgFindings);
      }
      for (const hit of match.undetermined) {
        if (seen.has(hit.advisoryId)) continue;
        seen.add(hit.advisoryId);
        const summary = cache.digest(hit.advisoryId)?.summary;
        const cve = hit.aliases.find((a) => a.startsWith("CVE-"));
        const base: Draft = {
          id: cve ?? hit.advisoryId,
          advisoryIds: [hit.advisoryId],
          aliases: [...new Set([hit.advisoryId, ...hit.aliases])].sort(),
          packageIndex,
          status: "undetermined",
          reason: hit.verdict.status === "undetermined" ? hit.verdict.reason : "cannot be judged",
          severity: cache.severity([hit]),
          fixedVersions: [],
        };
        if (summary !== undefined) base.summary = summary;
        judge(base, pkg, [], pkgFindings);
      }
    }
    const kept = opts.onlyFixable
      ? pkgFindings.filter((f) => f.finding.status === "affected" && f.finding.fixedVersions.length > 0)
      : pkgFindings;
    for (const f of kept) findings.push(f.finding);
    const open = kept.filter((f) => f.finding.status === "affected" && f.finding.suppressed === undefined);
    if (open.length > 0) remediations.push(remediationFor(matcher.schemeFor(pkg.ecosystem), packageIndex, pkg, open));
  }

  opts.onProgress?.(inventory.packages.length, inventory.packages.length);
  findings.sort((a, b) => b.priority - a.priority || a.packageIndex - b.packageIndex || (a.id < b.id ? -1 : 1));
  return {
    tool: opts.tool,
    createdAt: opts.now.toISOString(),
    sources: inventory.sources,
    packages: inventory.packages,
    findings,
    vulnerabilities: opts.records === true || opts.records === undefined ? await wholeRecords(knowledge, findings) : {},
    ...(opts.records === "json" && { recordJson: (id: string) => knowledge.getJson(id) }),
    remediations,
    notes: inventory.notes,
    database: opts.database,
  };
}

/** The whole OSV record of every advisory a finding names, by id. */
async function wholeRecords(
  knowledge: ScanKnowledge,
  findings: readonly Finding[],
): Promise<Record<string, OsvRecord>> {
  const out: Record<string, OsvRecord> = {};
  for (const f of findings) {
    for (const id of f.advisoryIds) {
      if (id in out) continue;
      const record = await knowledge.getById(id);
      if (record !== undefined) out[id] = record;
    }
  }
  return out;
}

/** A finding being built: its optional facts, suppression and priority are set after it is made. */
type Draft = {
  -readonly [K in keyof Finding]?: Finding[K];
} & Omit<Finding, "priority" | "suppressed" | "summary" | "epss" | "kev">;

/** A finding with the advisory entries that made it (to judge candidate upgrades). */
interface JudgedFinding {
  readonly finding: Finding;
  readonly hits: readonly AdvisoryHit[];
}

function remediationFor(
  scheme: AnyVersionScheme | undefined,
  packageIndex: number,
  pkg: ExtractedPackage,
  open: readonly JudgedFinding[],
): PackageRemediation {
  const fixable = open.filter((f) => f.finding.fixedVersions.length > 0);
  const unfixable = open.filter((f) => f.finding.fixedVersions.length === 0).map((f) => f.finding.id);
  const candidates = fixable.flatMap((f) => f.finding.fixedVersions);
  const fixVersion = smallestFix(
    scheme,
    candidates,
    fixable.map((f) => f.finding.fixedVersions[0] as string),
    fixable.map((f) => f.hits.map((h) => h.compiled)),
  );
  return {
    packageIndex,
    ...(fixVersion !== undefined && { fixVersion, crossesMajor: crossesMajor(pkg.version, fixVersion) }),
    unfixable,
  };
}

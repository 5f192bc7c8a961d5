import type { AdvisoryHit, EpssScore, KevEntry } from "@bulwark/advisories";
import type { ExtractedPackage, FindingSeverity, OsvRecord } from "@bulwark/core";
import { exploitEvidenceInReferences, recordSeverity, scoreCvss } from "@bulwark/scoring";
import { schemeForEcosystem } from "@bulwark/versions";
import { fixedEvents, sortVersions } from "./fixes.ts";
import type { ScanKnowledge } from "./knowledge.ts";

const SEVERITY_ORDER = ["unknown", "none", "low", "medium", "high", "critical"] as const;

/**
 * Per-scan memo of everything derived from an advisory alone. An inventory names the same
 * advisories many times (every version of a package, every image layer), and parsing CVSS
 * vectors, reading KEV/EPSS rows and sorting fixed versions once per advisory instead of once
 * per finding is most of what keeps a 10,000-package scan under a second.
 */
export class EnrichmentCache {
  readonly #knowledge: ScanKnowledge;
  readonly #kev = new Map<string, KevEntry | undefined>();
  readonly #epss = new Map<string, EpssScore | undefined>();
  readonly #evidence = new Map<string, boolean>();
  readonly #cvss = new Map<string, { version: string; metrics: Record<string, string> }[]>();
  readonly #severity = new Map<string, FindingSeverity>();
  readonly #fixes = new Map<string, { sorted: string[]; parsed: unknown[] }>();

  readonly #memo = new Map<string, unknown>();

  constructor(knowledge: ScanKnowledge) {
    this.#knowledge = knowledge;
  }

  /**
   * A value computed once per key for this scan. For results that depend only on the advisory
   * group and the scan's options (the SSVC decision, the remediation deadline).
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.#memo.has(key)) return this.#memo.get(key) as T;
    const value = compute();
    this.#memo.set(key, value);
    return value;
  }

  /** The KEV entry of a CVE. */
  kev(cve: string): KevEntry | undefined {
    if (!this.#kev.has(cve)) this.#kev.set(cve, this.#knowledge.getKev(cve));
    return this.#kev.get(cve);
  }

  /** The EPSS score of a CVE. */
  epss(cve: string): EpssScore | undefined {
    if (!this.#epss.has(cve)) this.#epss.set(cve, this.#knowledge.getEpss(cve));
    return this.#epss.get(cve);
  }

  /** Whether the record's references show a public exploit. */
  evidence(r: OsvRecord): boolean {
    let v = this.#evidence.get(r.id);
    if (v === undefined) {
      v = exploitEvidenceInReferences(r.references ?? []);
      this.#evidence.set(r.id, v);
    }
    return v;
  }

  /** The record's CVSS vectors as SSVC inputs (base and extra metrics together). */
  cvss(r: OsvRecord): { version: string; metrics: Record<string, string> }[] {
    let v = this.#cvss.get(r.id);
    if (v === undefined) {
      v = [];
      for (const s of r.severity ?? []) {
        const scored = scoreCvss(s.score);
        if (scored) v.push({ version: scored.version, metrics: { ...scored.metrics, ...scored.extraMetrics } });
      }
      this.#cvss.set(r.id, v);
    }
    return v;
  }

  /** The highest severity the records give for this package. */
  severity(records: readonly OsvRecord[], pkg: ExtractedPackage): FindingSeverity {
    const key = `${records.map((r) => r.id).join(",")}\u0000${pkg.name}`;
    let best = this.#severity.get(key);
    if (best !== undefined) return best;
    best = { level: "unknown", source: "none" };
    const rank = (s: FindingSeverity) => SEVERITY_ORDER.indexOf(s.level) * 100 + (s.score ?? 0);
    for (const r of records) {
      const entry = r.affected?.find((a) => a.package?.name === pkg.name);
      const choice = recordSeverity(r, entry);
      if (choice === undefined) continue;
      const s: FindingSeverity = choice.cvss
        ? {
            level: choice.severity,
            score: choice.cvss.score,
            vector: choice.cvss.vector,
            cvssVersion: choice.cvss.version,
            source: "cvss",
          }
        : { level: choice.severity, source: "advisory" };
      if (rank(s) > rank(best)) best = s;
    }
    this.#severity.set(key, best);
    return best;
  }

  /** The fixed versions of these hits above `installed`, smallest first (sorted once per advisory set). */
  fixesAbove(ecosystem: string, installed: string, hits: readonly AdvisoryHit[]): string[] {
    const key = `${ecosystem}\u0000${hits.map((h) => `${h.advisoryId}#${h.row.affected.package?.name ?? ""}`).join(",")}`;
    const scheme = schemeForEcosystem(ecosystem);
    let entry = this.#fixes.get(key);
    if (entry === undefined) {
      const sorted = sortVersions(
        hits.flatMap((h) => fixedEvents(h.row.affected)),
        scheme,
      );
      entry = { sorted, parsed: scheme === undefined ? [] : sorted.map((v) => scheme.parse(v)) };
      this.#fixes.set(key, entry);
    }
    if (scheme === undefined) return entry.sorted;
    const mine = scheme.parse(installed);
    if (mine === undefined) return [];
    const out: string[] = [];
    for (let i = 0; i < entry.sorted.length; i++) {
      if (scheme.compare(entry.parsed[i], mine) > 0) out.push(entry.sorted[i] as string);
    }
    return out;
  }
}

import type { AdvisoryHit, AffectedRow, KevEntry } from "@bulwark/advisories";
import type {
  FindingDeadline,
  FindingEpss,
  FindingKev,
  FindingSeverity,
  FindingSsvc,
  OsvRecord,
  Severity,
} from "@bulwark/core";
import {
  assessSsvc,
  exploitEvidenceInReferences,
  type MissionWellbeing,
  type RemediationPolicy,
  recordSeverity,
  scoreCvss,
} from "@bulwark/scoring";
import type { AnyVersionScheme } from "@bulwark/versions";
import { fixedEvents, sortVersions } from "./fixes.ts";
import type { ScanKnowledge } from "./knowledge.ts";

const SEVERITY_ORDER: readonly Severity[] = ["unknown", "none", "low", "medium", "high", "critical"];

/** What a finding takes from its vulnerability (alias group) alone, whichever package it is in. */
export interface GroupFacts {
  /** The group's advisory ids and aliases, one array per group shared by all its findings. */
  readonly ids: readonly string[];
  readonly aliases: readonly string[];
  /** Digests of the group's advisories (see `osvDigest`), in the group's order. */
  readonly digests: readonly OsvRecord[];
  /** The CVE alias: the finding's id and the key of KEV and EPSS. */
  readonly cve: string | undefined;
  readonly summary: string | undefined;
  readonly kev: FindingKev | undefined;
  readonly epss: FindingEpss | undefined;
  readonly ssvc: FindingSsvc;
  readonly deadline: FindingDeadline;
}

/** The scan's options the per-group facts depend on. */
export interface EnrichmentOptions {
  readonly mission: MissionWellbeing | undefined;
  readonly exposed: boolean;
  readonly policy: RemediationPolicy;
  /** The start of remediation deadlines (YYYY-MM-DD). */
  readonly startDate: string;
}

/**
 * Per-scan memo of everything derived from an advisory or a vulnerability alone. An inventory
 * names the same advisories many times (every version of a package, every image layer): reading
 * digests, KEV and EPSS rows, parsing CVSS vectors, deciding SSVC and sorting fixed versions
 * once per advisory or group instead of once per finding keeps a 10,000-package scan fast.
 * Objects it returns are shared between findings and must not be changed.
 */
export class EnrichmentCache {
  readonly #knowledge: ScanKnowledge;
  readonly #opts: EnrichmentOptions;
  readonly #digests = new Map<string, OsvRecord | null>();
  readonly #groups = new Map<string, GroupFacts>();
  readonly #entrySeverity = new WeakMap<AffectedRow, FindingSeverity>();
  readonly #fixes = new Map<string, { sorted: string[]; parsed: unknown[] }>();
  readonly #rowKeys = new WeakMap<AffectedRow, number>();

  constructor(knowledge: ScanKnowledge, opts: EnrichmentOptions) {
    this.#knowledge = knowledge;
    this.#opts = opts;
  }

  /** The digest of an advisory (undefined when the knowledge base does not have it). */
  digest(id: string): OsvRecord | undefined {
    let d = this.#digests.get(id);
    if (d === undefined) {
      d = this.#knowledge.getDigest(id) ?? null;
      this.#digests.set(id, d);
    }
    return d ?? undefined;
  }

  /** Take the digests that came with matched entries, so {@link digest} need not look them up. */
  noteDigests(hits: readonly AdvisoryHit[]): void {
    for (const h of hits) {
      if (h.row.digest !== undefined && !this.#digests.has(h.advisoryId)) {
        this.#digests.set(h.advisoryId, JSON.parse(h.row.digest) as OsvRecord);
      }
    }
  }

  /** The facts of an alias group, computed on its first finding. */
  group(ids: readonly string[], aliases: readonly string[]): GroupFacts {
    const key = ids.join(",");
    let facts = this.#groups.get(key);
    if (facts === undefined) {
      facts = this.#computeGroup(ids, aliases);
      this.#groups.set(key, facts);
    }
    return facts;
  }

  #computeGroup(ids: readonly string[], aliases: readonly string[]): GroupFacts {
    const digests = ids.flatMap((id) => this.digest(id) ?? []);
    const cve = aliases.find((a) => a.startsWith("CVE-"));
    const kevRow = cve === undefined ? undefined : this.#kevCatalog().get(cve);
    const epssRow = cve === undefined ? undefined : this.#knowledge.getEpss(cve);
    const epss = epssRow && { cve: epssRow.cve, probability: epssRow.epss, percentile: epssRow.percentile };
    const { mission, exposed, policy, startDate } = this.#opts;
    const ssvc = assessSsvc({
      inKev: kevRow !== undefined,
      ...(epss && { epss: { probability: epss.probability, percentile: epss.percentile } }),
      recordEvidence: digests.some((r) => exploitEvidenceInReferences(r.references ?? [])),
      cvss: digests.flatMap(cvssInputs),
      ...(mission && { missionWellbeing: mission }),
    });
    const due = policy.due({
      inKev: kevRow !== undefined,
      ...(kevRow && { kev: { dateAdded: kevRow.dateAdded, dueDate: kevRow.dueDate } }),
      exposed,
      automatable: ssvc.automatable,
      technicalImpact: ssvc.technicalImpact,
      startDate,
    });
    return {
      ids,
      aliases,
      digests,
      cve,
      summary: digests.find((r) => r.summary)?.summary,
      kev: kevRow && {
        cve: kevRow.cveID,
        dateAdded: kevRow.dateAdded,
        dueDate: kevRow.dueDate,
        knownRansomwareCampaignUse: kevRow.knownRansomwareCampaignUse,
        requiredAction: kevRow.requiredAction,
      },
      epss,
      ssvc: {
        decision: ssvc.decision,
        exploitation: ssvc.exploitation,
        automatable: ssvc.automatable,
        technicalImpact: ssvc.technicalImpact,
        missionWellbeing: ssvc.missionWellbeing,
      },
      deadline: { policy: policy.id, ...due },
    };
  }

  /**
   * The highest severity the advisories give for the package: each advisory's record-level
   * severity together with the `affected[]` entry that matched (Bitnami and OSS-Fuzz put
   * severities there).
   */
  severity(hits: readonly AdvisoryHit[]): FindingSeverity {
    let best: FindingSeverity = NO_SEVERITY;
    for (const hit of hits) {
      const s = this.#hitSeverity(hit);
      if (rank(s) > rank(best)) best = s;
    }
    return best;
  }

  #hitSeverity(hit: AdvisoryHit): FindingSeverity {
    let s = this.#entrySeverity.get(hit.row);
    if (s !== undefined) return s;
    const record = this.digest(hit.advisoryId);
    const choice = record === undefined ? undefined : recordSeverity(record, hit.row.affected);
    s =
      choice === undefined
        ? NO_SEVERITY
        : choice.cvss
          ? {
              level: choice.severity,
              score: choice.cvss.score,
              vector: choice.cvss.vector,
              cvssVersion: choice.cvss.version,
              source: "cvss",
            }
          : { level: choice.severity, source: "advisory" };
    this.#entrySeverity.set(hit.row, s);
    return s;
  }

  /**
   * The fixed versions of these hits above the installed version (`installed`, parsed by
   * `scheme`), smallest first. The sorted list is built once per set of affected entries.
   */
  fixesAbove(scheme: AnyVersionScheme | undefined, installed: unknown, hits: readonly AdvisoryHit[]): string[] {
    const key = hits.map((h) => this.#rowKey(h.row)).join(",");
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
    if (installed === undefined) return [];
    // Usually every fix is above the installed version: then the shared sorted list is the answer.
    if (entry.sorted.length > 0 && scheme.compare(entry.parsed[0], installed) > 0) return entry.sorted;
    const out: string[] = [];
    for (let i = 0; i < entry.sorted.length; i++) {
      if (scheme.compare(entry.parsed[i], installed) > 0) out.push(entry.sorted[i] as string);
    }
    return out;
  }

  // Rows are the matcher's cached objects: a number per row makes a cheap key for a set of them.
  #rowKey(row: AffectedRow): number {
    let k = this.#rowKeys.get(row);
    if (k === undefined) {
      k = this.#nextRowKey++;
      this.#rowKeys.set(row, k);
    }
    return k;
  }

  #nextRowKey = 0;

  #kev: Map<string, KevEntry> | undefined;

  #kevCatalog(): Map<string, KevEntry> {
    this.#kev ??= new Map([...this.#knowledge.kevEntries()].map((k) => [k.cveID, k]));
    return this.#kev;
  }
}

const NO_SEVERITY: FindingSeverity = { level: "unknown", source: "none" };

function rank(s: FindingSeverity): number {
  return SEVERITY_ORDER.indexOf(s.level) * 100 + (s.score ?? 0);
}

/** A record's CVSS vectors as SSVC inputs (base and extra metrics together). */
function cvssInputs(r: OsvRecord): { version: string; metrics: Record<string, string> }[] {
  const out: { version: string; metrics: Record<string, string> }[] = [];
  for (const s of r.severity ?? []) {
    const scored = scoreCvss(s.score);
    if (scored) out.push({ version: scored.version, metrics: { ...scored.metrics, ...scored.extraMetrics } });
  }
  return out;
}

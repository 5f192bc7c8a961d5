import { type AdvisoryHit, type CompiledAffected, Matcher, type PackageMatch } from "@bulwark/advisories";
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
  assessSsvc,
  DEFAULT_REMEDIATION_POLICY_ID,
  type MissionWellbeing,
  REMEDIATION_POLICIES,
  remediationPolicy,
} from "@bulwark/scoring";
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
  const matcher = new Matcher(knowledge);
  const policy = remediationPolicy(opts.policy ?? DEFAULT_REMEDIATION_POLICY_ID);
  if (policy === undefined) {
    throw new BulwarkError("BULWARK_CONFIG_INVALID", `unknown remediation policy ${JSON.stringify(opts.policy)}`, {
      hint: `Use one of: ${REMEDIATION_POLICIES.map((p) => p.id).join(", ")}.`,
    });
  }
  const startDate = isoDay(opts.now);
  const vulnerabilities: Record<string, OsvRecord> = {};
  const records = async (ids: readonly string[]): Promise<OsvRecord[]> => {
    const out: OsvRecord[] = [];
    for (const id of ids) {
      let r: OsvRecord | undefined = vulnerabilities[id];
      if (r === undefined) r = await knowledge.getById(id);
      if (r !== undefined) {
        vulnerabilities[id] = r;
        out.push(r);
      }
    }
    return out;
  };
  const findings: Finding[] = [];
  const remediations: PackageRemediation[] = [];
  const cache = new EnrichmentCache(knowledge);

  for (let packageIndex = 0; packageIndex < inventory.packages.length; packageIndex++) {
    const pkg = inventory.packages[packageIndex] as ExtractedPackage;
    if (packageIndex % 100 === 0) opts.onProgress?.(packageIndex, inventory.packages.length);
    const matches = await matchPackage(matcher, pkg);
    const pkgFindings: { finding: Finding; entries: CompiledAffected[] }[] = [];
    const seen = new Set<string>();
    for (const match of matches) {
      const version = match.package.version;
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
        const recs = await records(group.ids);
        const hits = group.ids.flatMap((id) => hitsById.get(id) ?? []);
        const entries = hits.map((h) => h.compiled);
        const cve = group.aliases.find((a) => a.startsWith("CVE-"));
        const kevRow = cve === undefined ? undefined : cache.kev(cve);
        const epssRow = cve === undefined ? undefined : cache.epss(cve);
        const epss = epssRow && { cve: epssRow.cve, probability: epssRow.epss, percentile: epssRow.percentile };
        const ssvc = cache.memo(`ssvc\u0000${group.ids.join(",")}`, () =>
          assessSsvc({
            inKev: kevRow !== undefined,
            ...(epss && { epss: { probability: epss.probability, percentile: epss.percentile } }),
            recordEvidence: recs.some((r) => cache.evidence(r)),
            cvss: recs.flatMap((r) => cache.cvss(r)),
            ...(opts.mission && { missionWellbeing: opts.mission }),
          }),
        );
        const due = cache.memo(`due\u0000${group.ids.join(",")}`, () =>
          policy.due({
            inKev: kevRow !== undefined,
            ...(kevRow && { kev: { dateAdded: kevRow.dateAdded, dueDate: kevRow.dueDate } }),
            exposed: opts.exposed ?? false,
            automatable: ssvc.automatable,
            technicalImpact: ssvc.technicalImpact,
            startDate,
          }),
        );
        const summary = recs.find((r) => r.summary)?.summary;
        const base: Omit<Finding, "priority" | "suppressed"> = {
          id: cve ?? group.ids[0] ?? "",
          advisoryIds: group.ids,
          aliases: group.aliases,
          packageIndex,
          ...(summary !== undefined && { summary }),
          status: "affected",
          severity: cache.severity(recs, pkg),
          ...(epss && { epss }),
          ...(kevRow && {
            kev: {
              cve: kevRow.cveID,
              dateAdded: kevRow.dateAdded,
              dueDate: kevRow.dueDate,
              knownRansomwareCampaignUse: kevRow.knownRansomwareCampaignUse,
              requiredAction: kevRow.requiredAction,
            },
          }),
          ssvc: {
            decision: ssvc.decision,
            exploitation: ssvc.exploitation,
            automatable: ssvc.automatable,
            technicalImpact: ssvc.technicalImpact,
            missionWellbeing: ssvc.missionWellbeing,
          },
          deadline: { policy: policy.id, ...due },
          fixedVersions: cache.fixesAbove(match.package.ecosystem, version, hits),
        };
        const suppressed = opts.suppress?.(base, pkg);
        const withSuppression = suppressed === undefined ? base : { ...base, suppressed };
        pkgFindings.push({ finding: { ...withSuppression, priority: priorityOf(withSuppression) }, entries });
      }
      for (const hit of match.undetermined) {
        if (seen.has(hit.advisoryId)) continue;
        seen.add(hit.advisoryId);
        const recs = await records([hit.advisoryId]);
        const cve = hit.aliases.find((a) => a.startsWith("CVE-"));
        const base: Omit<Finding, "priority" | "suppressed"> = {
          id: cve ?? hit.advisoryId,
          advisoryIds: [hit.advisoryId],
          aliases: [...new Set([hit.advisoryId, ...hit.aliases])].sort(),
          packageIndex,
          ...(recs[0]?.summary !== undefined && { summary: recs[0].summary }),
          status: "undetermined",
          reason: hit.verdict.status === "undetermined" ? hit.verdict.reason : "cannot be judged",
          severity: cache.severity(recs, pkg),
          fixedVersions: [],
        };
        const suppressed = opts.suppress?.(base, pkg);
        const withSuppression = suppressed === undefined ? base : { ...base, suppressed };
        pkgFindings.push({ finding: { ...withSuppression, priority: priorityOf(withSuppression) }, entries: [] });
      }
    }
    const kept = opts.onlyFixable
      ? pkgFindings.filter((f) => f.finding.status === "affected" && f.finding.fixedVersions.length > 0)
      : pkgFindings;
    findings.push(...kept.map((f) => f.finding));
    const open = kept.filter((f) => f.finding.status === "affected" && f.finding.suppressed === undefined);
    if (open.length > 0) remediations.push(remediationFor(packageIndex, pkg, open));
  }

  opts.onProgress?.(inventory.packages.length, inventory.packages.length);
  findings.sort((a, b) => b.priority - a.priority || a.packageIndex - b.packageIndex || (a.id < b.id ? -1 : 1));
  return {
    tool: opts.tool,
    createdAt: opts.now.toISOString(),
    sources: inventory.sources,
    packages: inventory.packages,
    findings,
    vulnerabilities,
    remediations,
    notes: inventory.notes,
    database: opts.database,
  };
}

function remediationFor(
  packageIndex: number,
  pkg: ExtractedPackage,
  open: readonly { finding: Finding; entries: CompiledAffected[] }[],
): PackageRemediation {
  const fixable = open.filter((f) => f.finding.fixedVersions.length > 0);
  const unfixable = open.filter((f) => f.finding.fixedVersions.length === 0).map((f) => f.finding.id);
  const candidates = fixable.flatMap((f) => f.finding.fixedVersions);
  const fixVersion = smallestFix(
    pkg.ecosystem,
    candidates,
    fixable.map((f) => f.finding.fixedVersions[0] as string),
    fixable.map((f) => f.entries),
  );
  return {
    packageIndex,
    ...(fixVersion !== undefined && { fixVersion, crossesMajor: crossesMajor(pkg.version, fixVersion) }),
    unfixable,
  };
}

import { type AffectedRow, Matcher, normalizePackageName } from "@bulwark/advisories";
import type { ExtractedPackage, Finding } from "@bulwark/core";
import type { AlertFacts, Asset, InventoryComponent } from "@bulwark/db";
import { scanInventory } from "@bulwark/scanner";
import type { KbScanKnowledge } from "./kb-scan-knowledge.ts";

/** The key that identifies an alert within an asset: the package (not its version) and the vulnerability group. */
export function alertKey(ecosystem: string, normalizedName: string, vulnId: string): string {
  return `${ecosystem}\u0000${normalizedName}\u0000${vulnId}`;
}

function factsOf(f: Finding, pkg: ExtractedPackage, normalizedName: string): AlertFacts {
  return {
    ecosystem: pkg.ecosystem,
    packageName: pkg.name,
    normalizedName,
    versions: [pkg.version],
    ...(pkg.purl !== undefined && { purl: pkg.purl }),
    vulnId: f.id,
    advisoryIds: f.advisoryIds,
    aliases: f.aliases,
    ...(f.summary !== undefined && { summary: f.summary }),
    severity: {
      level: f.severity.level,
      ...(f.severity.score !== undefined && { score: f.severity.score }),
      ...(f.severity.vector !== undefined && { vector: f.severity.vector }),
    },
    ...(f.kev !== undefined && { kev: f.kev }),
    ...(f.epss !== undefined && { epss: f.epss }),
    ...(f.ssvc !== undefined && { ssvc: f.ssvc }),
    // The deadline's own due date counted from the scan; the alert counts from its clock start instead.
    ...(f.deadline !== undefined && {
      timeline: {
        policy: f.deadline.policy,
        label: f.deadline.label,
        ...(f.deadline.days !== undefined && { days: f.deadline.days }),
      },
    }),
    priority: f.priority,
    fixedVersions: f.fixedVersions,
  };
}

function merge(a: AlertFacts, b: AlertFacts): AlertFacts {
  // Several installed versions of one package share the alert; the most urgent facts win.
  const versions = [...new Set([...a.versions, ...b.versions])].sort();
  const lead = b.priority > a.priority ? b : a;
  return { ...lead, versions };
}

/** The asset facts that change an alert's facts: SSVC Mission & Well-being and BOD 26-04 exposure. */
export type AssetProfile = Pick<Asset, "criticality" | "exposed">;

/**
 * The alert facts of each component (same order), from the scanner's matching and enrichment
 * (SSVC with the profile's mission criticality, BOD 26-04 with its exposure). Only `affected`
 * findings count: an undetermined match (an unparseable version, say) is noise for an operator
 * and stays a scan report's business. A `warm` matcher over the same knowledge keeps its compiled
 * ranges from earlier evaluations.
 */
export async function evaluateComponents(
  knowledge: KbScanKnowledge,
  profile: AssetProfile,
  components: readonly InventoryComponent[],
  now: Date,
  warm?: Matcher,
): Promise<AlertFacts[][]> {
  const packages: ExtractedPackage[] = components.map((c) => ({
    ecosystem: c.ecosystem,
    name: c.name,
    version: c.version,
    ...(c.purl !== undefined && { purl: c.purl }),
    ...(c.sourceName !== undefined && { sourceName: c.sourceName }),
    ...(c.sourceVersion !== undefined && { sourceVersion: c.sourceVersion }),
    locations: [],
  }));
  // Match first (entries read in bulk), then fetch the digests and EPSS of the hits only, then
  // let the scan enrich with the same matcher: most entries of a large inventory match nothing,
  // and their digests would be most of the bytes read.
  await knowledge.prefetch(packages);
  const matcher = warm ?? new Matcher(knowledge);
  const hits: AffectedRow[] = [];
  for (const p of packages) {
    const refs = [{ ecosystem: p.ecosystem, name: p.name, version: p.version }];
    if (p.sourceName !== undefined && p.sourceName !== p.name) {
      refs.push({ ecosystem: p.ecosystem, name: p.sourceName, version: p.sourceVersion ?? p.version });
    }
    for (const ref of refs) {
      const m = await matcher.match(ref);
      for (const h of m.affected) hits.push(h.row);
      for (const h of m.undetermined) hits.push(h.row);
    }
  }
  await knowledge.complete(hits);
  const report = await scanInventory({ sources: [], packages, notes: [] }, knowledge, {
    now,
    tool: { name: "bulwark-monitor", version: "1" },
    database: { path: "server", stale: false },
    mission: profile.criticality,
    exposed: profile.exposed,
    records: false,
    matcher,
  });
  const out: AlertFacts[][] = packages.map(() => []);
  for (const f of report.findings) {
    if (f.status !== "affected") continue;
    const pkg = packages[f.packageIndex] as ExtractedPackage;
    out[f.packageIndex]?.push(factsOf(f, pkg, normalizePackageName(pkg.ecosystem, pkg.name)));
  }
  return out;
}

/** Facts of components gathered into an asset's alerts, keyed by {@link alertKey}; versions of one package merge. */
export function alertsOf(facts: Iterable<readonly AlertFacts[]>): Map<string, AlertFacts> {
  const out = new Map<string, AlertFacts>();
  for (const list of facts) {
    for (const f of list) {
      const key = alertKey(f.ecosystem, f.normalizedName, f.vulnId);
      const earlier = out.get(key);
      out.set(key, earlier === undefined ? f : merge(earlier, f));
    }
  }
  return out;
}

/**
 * What alerts an asset should have for these components ({@link evaluateComponents}, keyed and
 * merged); `matcher`, when given, is a warm matcher over `knowledge` to reuse.
 */
export async function desiredAlerts(
  knowledge: KbScanKnowledge,
  asset: AssetProfile,
  components: readonly InventoryComponent[],
  now: Date,
  matcher?: Matcher,
): Promise<Map<string, AlertFacts>> {
  return alertsOf(await evaluateComponents(knowledge, asset, components, now, matcher));
}

import { normalizePackageName } from "@bulwark/advisories";
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

/**
 * What alerts an asset should have for these components: the scanner's matching and enrichment
 * (SSVC with the asset's mission criticality, BOD 26-04 with its exposure) on exactly the
 * components given, keyed by {@link alertKey}. Only `affected` findings become alerts: an
 * undetermined match (an unparseable version, say) is noise for an operator and stays a scan
 * report's business.
 */
export async function desiredAlerts(
  knowledge: KbScanKnowledge,
  asset: Pick<Asset, "criticality" | "exposed">,
  components: readonly InventoryComponent[],
  now: Date,
): Promise<Map<string, AlertFacts>> {
  const packages: ExtractedPackage[] = components.map((c) => ({
    ecosystem: c.ecosystem,
    name: c.name,
    version: c.version,
    ...(c.purl !== undefined && { purl: c.purl }),
    ...(c.sourceName !== undefined && { sourceName: c.sourceName }),
    ...(c.sourceVersion !== undefined && { sourceVersion: c.sourceVersion }),
    locations: [],
  }));
  const report = await scanInventory({ sources: [], packages, notes: [] }, knowledge, {
    now,
    tool: { name: "bulwark-monitor", version: "1" },
    database: { path: "server", stale: false },
    mission: asset.criticality,
    exposed: asset.exposed,
    records: false,
  });
  const out = new Map<string, AlertFacts>();
  for (const f of report.findings) {
    if (f.status !== "affected") continue;
    const pkg = packages[f.packageIndex] as ExtractedPackage;
    const normalized = normalizePackageName(pkg.ecosystem, pkg.name);
    const key = alertKey(pkg.ecosystem, normalized, f.id);
    const facts = factsOf(f, pkg, normalized);
    const earlier = out.get(key);
    out.set(key, earlier === undefined ? facts : merge(earlier, facts));
  }
  return out;
}

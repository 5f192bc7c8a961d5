import type { ExtractedPackage, Finding, OsvRecord, PackageRemediation, ScanReport } from "@bulwark/core";
import { purlOf } from "../../inventory/shared/package-facts.ts";
import {
  countFindings,
  findingsToShow,
  packageOf,
  recordsOf,
  remediationsByPackage,
  scoreText,
} from "../shared/machine-findings.ts";
import { type OsvSourceType, sourceTypeOf } from "../shared/machine-source-type.ts";

// The OSV-Scanner v2 shape (pkg/models/results.go) with Bulwark's fields added under `bulwark`
// keys, so a consumer of OSV-Scanner's JSON reads this document unchanged.

type Json = Record<string, unknown>;

/** Drop keys whose value is `undefined`, keeping the order of the others. */
function defined(obj: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

function packageInfo(pkg: ExtractedPackage): Json {
  // OSV-Scanner names an OS package by its source package (what advisories are keyed on) and
  // keeps the binary package's name in `os_package_name`.
  const osBinary = pkg.sourceName !== undefined && pkg.sourceName !== pkg.name;
  return defined({
    name: osBinary ? pkg.sourceName : pkg.name,
    os_package_name: osBinary ? pkg.name : undefined,
    version: pkg.version,
    ecosystem: pkg.ecosystem,
    purl: purlOf(pkg),
  });
}

function groupInfo(finding: Finding): Json {
  const s = finding.severity;
  return {
    ids: [...finding.advisoryIds].sort(),
    aliases: finding.aliases,
    max_severity: s.score === undefined ? "" : scoreText(s.score),
    bulwark: defined({
      id: finding.id,
      status: finding.status,
      reason: finding.reason,
      severity: defined({
        level: s.level,
        score: s.score,
        vector: s.vector,
        cvssVersion: s.cvssVersion,
        source: s.source,
      }),
      epss: finding.epss,
      kev: finding.kev,
      ssvc: finding.ssvc,
      deadline: finding.deadline,
      fixedVersions: finding.fixedVersions,
      priority: finding.priority,
      suppressed: finding.suppressed,
    }),
  };
}

function remediationInfo(r: PackageRemediation | undefined): Json | undefined {
  if (r === undefined) return undefined;
  return defined({ fixVersion: r.fixVersion, crossesMajor: r.crossesMajor, unfixable: r.unfixable });
}

function packageVulns(
  report: ScanReport,
  findings: readonly Finding[],
  remediation: PackageRemediation | undefined,
): Json {
  const pkg = packageOf(report, findings[0] as Finding);
  const records = new Map<string, OsvRecord>();
  for (const f of findings) for (const r of recordsOf(report, f)) records.set(r.id, r);
  const vulnerabilities = [...records.keys()].sort().map((id) => records.get(id));
  return defined({
    package: packageInfo(pkg),
    dependency_groups: pkg.scope !== undefined && pkg.scope !== "prod" ? [pkg.scope] : undefined,
    vulnerabilities,
    groups: findings.map(groupInfo),
    bulwark: defined({
      locations: pkg.locations.map((l) => defined({ path: l.path, line: l.line })),
      relation: pkg.relation,
      scope: pkg.scope === "prod" ? undefined : pkg.scope,
      remediation: remediationInfo(remediation),
    }),
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePackages(a: ExtractedPackage, b: ExtractedPackage): number {
  return compareText(a.ecosystem, b.ecosystem) || compareText(a.name, b.name) || compareText(a.version, b.version);
}

/** Where a package's findings are filed: its first location, as OSV-Scanner does. */
function sourcePathOf(pkg: ExtractedPackage): string {
  return pkg.locations[0]?.path ?? "";
}

function results(report: ScanReport, showSuppressed: boolean): Json[] {
  const byPackage = new Map<number, Finding[]>();
  for (const f of findingsToShow(report, showSuppressed)) {
    const list = byPackage.get(f.packageIndex) ?? [];
    list.push(f);
    byPackage.set(f.packageIndex, list);
  }
  const bySource = new Map<string, number[]>();
  for (const [index, findings] of byPackage) {
    const path = sourcePathOf(packageOf(report, findings[0] as Finding));
    const list = bySource.get(path) ?? [];
    list.push(index);
    bySource.set(path, list);
  }
  const remediations = remediationsByPackage(report);
  const types = new Map<string, OsvSourceType>();
  const typeOf = (path: string): OsvSourceType => {
    const known = types.get(path);
    if (known !== undefined) return known;
    const found = path === "" ? "unknown" : sourceTypeOf(path);
    types.set(path, found);
    return found;
  };
  return [...bySource.keys()].sort(compareText).map((path) => {
    const indexes = (bySource.get(path) ?? []).sort(
      (a, b) =>
        comparePackages(report.packages[a] as ExtractedPackage, report.packages[b] as ExtractedPackage) || a - b,
    );
    return {
      source: { path, type: typeOf(path) },
      packages: indexes.map((i) => packageVulns(report, byPackage.get(i) ?? [], remediations.get(i))),
    };
  });
}

/** The JSON scan document: OSV-Scanner v2's `results` and `experimental_config`, then Bulwark's own block. */
export function scanDocument(report: ScanReport, showSuppressed: boolean): Json {
  const counts = countFindings(report);
  return {
    results: results(report, showSuppressed),
    // OSV-Scanner always writes this block; without license scanning it reads exactly so.
    experimental_config: { licenses: { summary: false, allowlist: null } },
    bulwark: {
      tool: { name: report.tool.name, version: report.tool.version },
      createdAt: report.createdAt,
      sources: report.sources.map((s) => defined({ kind: s.kind, path: s.path, image: s.image })),
      database: defined({
        path: report.database.path,
        lastUpdate: report.database.lastUpdate,
        stale: report.database.stale,
      }),
      summary: {
        packages: counts.packages,
        vulnerablePackages: counts.vulnerablePackages,
        findings: counts.findings,
        bySeverity: counts.bySeverity,
        kev: counts.kev,
        fixable: counts.fixable,
      },
      undetermined: counts.undetermined,
      suppressed: { count: counts.suppressed, shown: showSuppressed },
      notes: report.notes.map((n) => defined({ code: n.code, path: n.path, line: n.line, message: n.message })),
    },
  };
}

import type { ExtractedPackage, Finding, PackageRemediation, ScanReport } from "@bulwark/core";
import { purlOf } from "../../inventory/shared/package-facts.ts";
import {
  countFindings,
  findingsToShow,
  packageOf,
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

/** How many records' compact JSON to keep: packages come sorted by name, so a record's repeats are close together. */
const RECORD_CACHE_SIZE = 4096;

/** Records as compact JSON text, the most recently used kept (a report can name more than memory should hold). */
class RecordTexts {
  readonly #report: ScanReport;
  readonly #cache = new Map<string, string | null>();

  constructor(report: ScanReport) {
    this.#report = report;
  }

  get(id: string): string | null {
    let text = this.#cache.get(id);
    if (text !== undefined) {
      this.#cache.delete(id);
      this.#cache.set(id, text);
      return text;
    }
    // Stored text keeps the source's layout (osv.dev indents); compacted, each package stays one line.
    const stored = this.#report.recordJson?.(id);
    const value: unknown = stored !== undefined ? JSON.parse(stored) : this.#report.vulnerabilities[id];
    text = value !== undefined ? JSON.stringify(value) : null;
    if (this.#cache.size >= RECORD_CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(id, text);
    return text;
  }
}

/** One package's entry of `results[].packages[]` as compact JSON. */
function packageVulnsJson(
  report: ScanReport,
  findings: readonly Finding[],
  remediation: PackageRemediation | undefined,
  records: RecordTexts,
): string {
  const pkg = packageOf(report, findings[0] as Finding);
  const ids = [...new Set(findings.flatMap((f) => f.advisoryIds))].sort();
  const texts = ids.flatMap((id) => records.get(id) ?? []);
  // Stringified around the records so their stored text is copied in, not parsed and re-serialised.
  const head = JSON.stringify(
    defined({
      package: packageInfo(pkg),
      dependency_groups: pkg.scope !== undefined && pkg.scope !== "prod" ? [pkg.scope] : undefined,
    }),
  );
  const tail = JSON.stringify({
    groups: findings.map(groupInfo),
    bulwark: defined({
      locations: pkg.locations.map((l) => defined({ path: l.path, line: l.line })),
      relation: pkg.relation,
      scope: pkg.scope === "prod" ? undefined : pkg.scope,
      remediation: remediationInfo(remediation),
    }),
  });
  return `${head.slice(0, -1)},"vulnerabilities":[${texts.join(",")}],${tail.slice(1)}`;
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

/** Packages with findings to show, grouped by the source file their findings are filed under. */
function sourcesOf(report: ScanReport, showSuppressed: boolean) {
  const byPackage = new Map<number, Finding[]>();
  for (const f of findingsToShow(report, showSuppressed)) {
    const list = byPackage.get(f.packageIndex);
    if (list === undefined) byPackage.set(f.packageIndex, [f]);
    else list.push(f);
  }
  const bySource = new Map<string, number[]>();
  for (const [index, findings] of byPackage) {
    const path = sourcePathOf(packageOf(report, findings[0] as Finding));
    const list = bySource.get(path) ?? [];
    list.push(index);
    bySource.set(path, list);
  }
  return [...bySource.keys()].sort(compareText).map((path) => ({
    path,
    type: path === "" ? ("unknown" as OsvSourceType) : sourceTypeOf(path),
    packages: (bySource.get(path) ?? [])
      .sort(
        (a, b) =>
          comparePackages(report.packages[a] as ExtractedPackage, report.packages[b] as ExtractedPackage) || a - b,
      )
      .map((i) => ({ index: i, findings: byPackage.get(i) ?? [] })),
  }));
}

/** `value` as indented JSON whose first line continues the current line and others sit at `depth`. */
function indented(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${"  ".repeat(depth)}`);
}

/**
 * The JSON scan document in pieces: OSV-Scanner v2's `results` and `experimental_config`, then
 * Bulwark's own block. Each package's entry (with its whole records) is one compact line and one
 * piece, so a report with hundreds of megabytes of records is written without ever being one string.
 */
export function* scanDocumentChunks(report: ScanReport, showSuppressed: boolean): Generator<string> {
  const remediations = remediationsByPackage(report);
  const records = new RecordTexts(report);
  const sources = sourcesOf(report, showSuppressed);
  yield sources.length === 0 ? '{\n  "results": [],\n' : '{\n  "results": [\n';
  for (const [s, source] of sources.entries()) {
    yield `    {\n      "source": ${indented({ path: source.path, type: source.type }, 3)},\n      "packages": [\n`;
    for (const [p, { index, findings }] of source.packages.entries()) {
      const line = packageVulnsJson(report, findings, remediations.get(index), records);
      yield `        ${line}${p < source.packages.length - 1 ? "," : ""}\n`;
    }
    yield `      ]\n    }${s < sources.length - 1 ? "," : ""}\n`;
  }
  if (sources.length > 0) yield "  ],\n";
  const tail = scanDocumentTail(report, showSuppressed);
  yield `  "experimental_config": ${indented(tail.experimental_config, 1)},\n`;
  yield `  "bulwark": ${indented(tail.bulwark, 1)}\n}\n`;
}

/** The document's blocks after `results`. */
function scanDocumentTail(report: ScanReport, showSuppressed: boolean) {
  const counts = countFindings(report);
  return {
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

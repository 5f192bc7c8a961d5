import { readFileSync } from "node:fs";
import { readOsvZip } from "@bulwark/advisories";
import type { ExtractedPackage, Finding, OsvRecord, ScanReport } from "@bulwark/core";
import { fixturePath } from "@bulwark/core/testing";

// Test-only: a realistic scan report built from REAL OSV records of fixtures/osv, for the scan
// reporters' tests. The enrichment values are plausible but fixed (no database needed).

function records(ecosystem: string): OsvRecord[] {
  return readOsvZip(readFileSync(fixturePath("osv", ecosystem, "all.zip")), ecosystem).records.map(
    (r) => JSON.parse(r.json) as OsvRecord,
  );
}

function firstWith(list: OsvRecord[], ok: (r: OsvRecord) => boolean): OsvRecord {
  const found = list.find(ok);
  if (found === undefined) throw new Error("no fixture record matches");
  return found;
}

const hasCve = (r: OsvRecord) => (r.aliases ?? []).some((a) => a.startsWith("CVE-"));
const hasCvss = (r: OsvRecord) => (r.severity ?? []).some((s) => s.type.startsWith("CVSS"));

function fixedOf(r: OsvRecord): string[] {
  const out: string[] = [];
  for (const a of r.affected ?? []) {
    for (const range of a.ranges ?? []) {
      if (range.type === "GIT") continue;
      for (const e of range.events) if ("fixed" in e && e.fixed) out.push(e.fixed);
    }
  }
  return out;
}

/** A scan report with real records: findings in several ecosystems, KEV/EPSS/SSVC, a suppressed one, an undetermined one, notes. */
export function sampleScanReport(): ScanReport {
  const crates = records("crates.io");
  const pypi = records("PyPI");
  const go = records("Go");
  const alma = records("AlmaLinux");
  const rust = firstWith(crates, (r) => hasCve(r) && hasCvss(r));
  const py = firstWith(pypi, (r) => hasCve(r) && fixedOf(r).length > 0);
  const py2 = firstWith(pypi, (r) => hasCve(r) && r.id !== py.id);
  const golang = firstWith(go, (r) => hasCve(r) && fixedOf(r).length > 0);
  const os = firstWith(alma, (r) => (r.affected?.length ?? 0) > 0);
  const pkg = (r: OsvRecord, version: string, path: string, line: number, extra: Partial<ExtractedPackage> = {}) =>
    ({
      ecosystem: r.affected?.[0]?.package?.ecosystem ?? "",
      name: r.affected?.[0]?.package?.name ?? "",
      version,
      locations: [{ path, line }],
      relation: "direct",
      ...extra,
    }) as ExtractedPackage;
  const packages: ExtractedPackage[] = [
    pkg(py, "0.0.1", "api/requirements.txt", 4),
    pkg(rust, "0.0.1", "Cargo.lock", 120, { relation: "transitive" }),
    pkg(golang, "0.0.1", "svc/go.mod", 9),
    pkg(os, "1.0.0-1.el9", "var/lib/rpm/rpmdb.sqlite", 0, { sourceName: "openssl", sourceVersion: "1.0.0-1.el9" }),
    pkg(py2, "0.0.1", "api/requirements.txt", 9),
  ];
  const cveOf = (r: OsvRecord) => (r.aliases ?? []).find((a) => a.startsWith("CVE-")) ?? r.id;
  const finding = (r: OsvRecord, packageIndex: number, extra: Partial<Finding>): Finding => ({
    id: cveOf(r),
    advisoryIds: [r.id],
    aliases: [...new Set([r.id, ...(r.aliases ?? [])])].sort(),
    packageIndex,
    ...(r.summary !== undefined && { summary: r.summary }),
    status: "affected",
    severity: { level: "unknown", source: "none" },
    fixedVersions: fixedOf(r).slice(0, 2),
    priority: 0,
    ...extra,
  });
  const findings: Finding[] = [
    finding(py, 0, {
      severity: {
        level: "critical",
        score: 9.8,
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        cvssVersion: "3.1",
        source: "cvss",
      },
      kev: {
        cve: cveOf(py),
        dateAdded: "2022-03-25",
        dueDate: "2022-04-15",
        knownRansomwareCampaignUse: "Unknown",
        requiredAction: "Apply updates per vendor instructions.",
      },
      epss: { cve: cveOf(py), probability: 0.97, percentile: 0.999, date: "2026-11-30" },
      ssvc: {
        decision: "Act",
        exploitation: "active",
        automatable: "yes",
        technicalImpact: "total",
        missionWellbeing: "medium",
      },
      deadline: { policy: "bod-26-04", label: "3 days", days: 3, dueDate: "2026-12-05" },
      priority: 100,
    }),
    finding(rust, 1, {
      severity: {
        level: "high",
        score: 7.5,
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        cvssVersion: "3.1",
        source: "cvss",
      },
      epss: { cve: cveOf(rust), probability: 0.012, percentile: 0.61 },
      ssvc: {
        decision: "Track*",
        exploitation: "none",
        automatable: "yes",
        technicalImpact: "partial",
        missionWellbeing: "medium",
      },
      deadline: { policy: "bod-26-04", label: "60 days", days: 60, dueDate: "2027-01-31" },
      priority: 60,
    }),
    finding(golang, 2, {
      severity: { level: "medium", source: "advisory" },
      ssvc: {
        decision: "Track",
        exploitation: "none",
        automatable: "no",
        technicalImpact: "partial",
        missionWellbeing: "medium",
      },
      priority: 40,
    }),
    finding(os, 3, {
      status: "undetermined",
      reason: "the installed version 1.0.0-1.el9 is compared with an ecosystem suffix the record does not name",
      severity: { level: "high", source: "advisory" },
      priority: 30,
    }),
    finding(py2, 4, {
      severity: {
        level: "low",
        score: 3.1,
        vector: "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:N",
        cvssVersion: "3.1",
        source: "cvss",
      },
      suppressed: {
        kind: "vex",
        reason: "vulnerable_code_not_in_execute_path",
        source: "vex/openvex.json",
        status: "not_affected",
        justification: "vulnerable_code_not_in_execute_path",
      },
      priority: 10,
    }),
  ];
  const vulnerabilities: Record<string, OsvRecord> = {};
  for (const r of [py, py2, rust, golang, os]) vulnerabilities[r.id] = r;
  return {
    tool: { name: "bulwark", version: "0.1.0" },
    createdAt: "2026-12-02T10:00:00.000Z",
    sources: [{ kind: "directory", path: "./project" }],
    packages,
    findings,
    vulnerabilities,
    remediations: [
      { packageIndex: 0, fixVersion: fixedOf(py)[0] ?? "3.0.1", crossesMajor: false, unfixable: [] },
      { packageIndex: 2, fixVersion: fixedOf(golang)[0] ?? "1.0.0", crossesMajor: true, unfixable: [] },
      { packageIndex: 3, unfixable: [cveOf(os)] },
    ],
    notes: [
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "legacy/yarn.lock",
        message: "line 7: not a yarn.lock header",
        line: 7,
      },
    ],
    database: { path: "/root/.cache/bulwark/advisories.db", lastUpdate: "2026-12-01T08:00:00Z", stale: false },
  };
}

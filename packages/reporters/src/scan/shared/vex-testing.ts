import type { ExtractedPackage, Finding, OsvRecord, ScanReport } from "@bulwark/core";
import type { ScanRenderOptions } from "../types.ts";
import { sampleScanReport } from "./sample-report.ts";

// Test-only: options and edge-case reports for the VEX reporters' tests.

/** Fixed clock and ids so VEX output is reproducible in tests. */
export const VEX_OPTIONS: ScanRenderOptions = {
  color: false,
  width: 100,
  showSuppressed: false,
  now: new Date("2026-12-03T04:05:06.000Z"),
  uuid: () => "3e671687-395b-41f5-a30f-a58921a69b79",
};

/** A scan that found nothing. */
export const EMPTY_SCAN_REPORT: ScanReport = {
  ...sampleScanReport(),
  packages: [],
  findings: [],
  vulnerabilities: {},
  remediations: [],
  notes: [],
};

/**
 * The sample report with one score corrected: it gives CVE-2008-2302 a base score of 3.1, but the
 * vector CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:N scores 2.6, and CSAF's mandatory test 6.1.9
 * recomputes scores. Real reports get their scores computed from the vector by the scorer.
 */
export function consistentSampleReport(): ScanReport {
  const sample = sampleScanReport();
  const wrong = "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:N";
  return {
    ...sample,
    findings: sample.findings.map((f) =>
      f.severity.vector === wrong && f.severity.score === 3.1 ? { ...f, severity: { ...f.severity, score: 2.6 } } : f,
    ),
  };
}

const awkwardRecord: OsvRecord = {
  id: "GHSA-xxxx-yyyy-zzzz",
  modified: "2025-01-02T03:04:05Z",
  published: "2024-12-31T00:00:00Z",
  aliases: ["CVE-2024-99999"],
  summary: "Prototype pollution in <a&b>",
  details: 'Long details\nwith a second line & "quotes".',
  references: [
    { type: "ADVISORY", url: "https://github.com/advisories/GHSA-xxxx-yyyy-zzzz" },
    { type: "ADVISORY", url: "https://example.com/a b{c}" },
    { type: "WEB", url: "https://example.com/web" },
  ],
  database_specific: { cwe_ids: ["CWE-1321", "CWE-20", "not-a-cwe"] },
};

const noCveRecord: OsvRecord = {
  id: "RUSTSEC-2099-0001",
  modified: "2025-02-01T00:00:00Z",
  summary: "Unsound API",
};

/**
 * The sample report plus edge cases: a package without a purl, one package identity found twice
 * with different outcomes, CVSS v2 and v4 vectors, a config suppression without justification,
 * a CycloneDX justification, an affected finding without a fix, an advisory without a CVE.
 */
export function awkwardScanReport(): ScanReport {
  const sample = consistentSampleReport();
  const base = sample.packages.length;
  const packages: ExtractedPackage[] = [
    ...sample.packages,
    {
      ecosystem: "npm",
      name: "@scope/a&b<c>",
      version: "1.0.0-beta+exp",
      locations: [{ path: "web/package-lock.json" }],
    },
    {
      ecosystem: "npm",
      name: "@scope/a&b<c>",
      version: "1.0.0-beta+exp",
      locations: [{ path: "cli/package-lock.json" }],
    },
    { ecosystem: "NoSuchEcosystem", name: "odd pkg", version: "2.0", locations: [{ path: "odd.lock", line: 3 }] },
    { ecosystem: "crates.io", name: "unsound", version: "0.1.0", locations: [{ path: "Cargo.lock", line: 7 }] },
  ];
  const finding = (packageIndex: number, extra: Partial<Finding>): Finding => ({
    id: "CVE-2024-99999",
    advisoryIds: [awkwardRecord.id],
    aliases: ["CVE-2024-99999", awkwardRecord.id],
    packageIndex,
    summary: awkwardRecord.summary!,
    status: "affected",
    severity: {
      level: "critical",
      score: 9.3,
      vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      cvssVersion: "4.0",
      source: "cvss",
    },
    fixedVersions: ["1.0.1", "2.0.0"],
    priority: 5,
    ...extra,
  });
  const findings: Finding[] = [
    ...sample.findings,
    finding(base, {}),
    finding(base + 1, {
      suppressed: { kind: "vex", reason: "not reachable", source: "vex.cdx.json", justification: "code_not_reachable" },
    }),
    finding(base + 2, {
      severity: { level: "high", score: 7.5, vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P", cvssVersion: "2.0", source: "cvss" },
      suppressed: { kind: "config", reason: "accepted risk until 2027", source: "bulwark.yaml" },
    }),
    {
      id: noCveRecord.id,
      advisoryIds: [noCveRecord.id],
      aliases: [noCveRecord.id],
      packageIndex: base + 3,
      status: "affected",
      severity: { level: "unknown", source: "none" },
      fixedVersions: [],
      priority: 1,
    },
  ];
  return {
    ...sample,
    packages,
    findings,
    vulnerabilities: { ...sample.vulnerabilities, [awkwardRecord.id]: awkwardRecord, [noCveRecord.id]: noCveRecord },
  };
}

/** Every test report by label. */
export const VEX_TEST_REPORTS: Readonly<Record<string, () => ScanReport>> = {
  sample: consistentSampleReport,
  awkward: awkwardScanReport,
  empty: () => EMPTY_SCAN_REPORT,
};

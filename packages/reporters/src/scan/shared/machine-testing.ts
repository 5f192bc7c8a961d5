import type { ExtractedPackage, Finding, ScanReport } from "@bulwark/core";
import type { ScanRenderOptions } from "../types.ts";
import { sampleScanReport } from "./sample-report.ts";

// Test-only: reports the machine formats' tests share, built from the realistic sample.

/** Options of a plain run: no suppressed findings shown. */
export const OPTIONS: ScanRenderOptions = { color: false, width: 80, showSuppressed: false };

/** The same options with suppressed findings shown. */
export const SHOW_SUPPRESSED: ScanRenderOptions = { ...OPTIONS, showSuppressed: true };

/** A scan that found nothing: no packages, findings or notes. */
export function emptyScanReport(): ScanReport {
  const sample = sampleScanReport();
  return { ...sample, packages: [], findings: [], vulnerabilities: {}, remediations: [], notes: [] };
}

/** The sample with one package replaced, its findings kept. */
export function withPackage(report: ScanReport, index: number, change: Partial<ExtractedPackage>): ScanReport {
  const packages = report.packages.map((p, i) => (i === index ? { ...p, ...change } : p));
  return { ...report, packages };
}

/** The sample with one finding replaced. */
export function withFinding(report: ScanReport, index: number, change: Partial<Finding>): ScanReport {
  const findings = report.findings.map((f, i) => (i === index ? { ...f, ...change } : f));
  return { ...report, findings };
}

/**
 * Awkward inputs: a dev-scoped package with two locations (one with a space and a scope in the
 * path), a package with no location, a finding without a record, an SBOM-located package, a stale
 * database, an image source.
 */
export function awkwardScanReport(): ScanReport {
  const sample = sampleScanReport();
  const [py, rust, golang] = sample.packages as [ExtractedPackage, ExtractedPackage, ExtractedPackage];
  const packages: ExtractedPackage[] = [
    {
      ...py,
      scope: "dev",
      locations: [
        { path: "my app/node_modules/@scope/x/package.json", line: 1 },
        { path: "api/requirements.txt", line: 4 },
      ],
    },
    { ...rust, locations: [] },
    { ...golang, locations: [{ path: "sbom/app.cdx.json" }] },
  ];
  const [f0, f1, f2] = sample.findings as [Finding, Finding, Finding];
  const findings: Finding[] = [
    { ...f0, packageIndex: 0 },
    { ...f1, packageIndex: 1 },
    { ...f2, packageIndex: 2, advisoryIds: ["GO-0000-MISSING"], summary: "A | pipe\nand a newline" },
  ];
  return {
    ...sample,
    sources: [
      { kind: "image", path: "shop.tar", image: { tags: ["shop:1"], id: "sha256:abc", layers: ["sha256:def"] } },
    ],
    packages,
    findings,
    remediations: [],
    database: { path: "/tmp/db.sqlite", stale: true },
  };
}

import type { Finding, ScanReport } from "@bulwark/core";
import type { ScanRenderOptions } from "../types.ts";
import { sampleScanReport } from "./sample-report.ts";

// Test-only reports for the human formats, built from the sample report so they keep real records.

/** Fixed options: no colour, 120 columns, suppressed findings counted only. */
export const HUMAN_OPTIONS: ScanRenderOptions = { color: false, width: 120, showSuppressed: false };

/** A scan that found packages but no findings and no notes. */
export function cleanReport(): ScanReport {
  return { ...sampleScanReport(), findings: [], remediations: [], notes: [] };
}

/** A scan of nothing at all. */
export function emptyReport(): ScanReport {
  return { ...cleanReport(), packages: [], vulnerabilities: {} };
}

/** The sample report with text an attacker could put in an advisory: HTML, markdown, pipes, ANSI escapes, mentions. */
export function hostileReport(): ScanReport {
  const base = sampleScanReport();
  const evil = "<script>alert(1)</script> | *bold* [x](http://evil.example) `code` @octocat \u001b[31mred\u001b[0m";
  const findings: Finding[] = base.findings.map((f, i) => (i === 0 ? { ...f, summary: evil, id: "CVE-2007-5712" } : f));
  const packages = base.packages.map((p, i) =>
    i === 1 ? { ...p, name: 'open"ssl<img src=x onerror=alert(2)>|x', version: "0.0.1&amp;" } : p,
  );
  return { ...base, findings, packages };
}

/** The sample report with its first affected finding repeated in `n` packages (distinct ids and priorities). */
export function manyFindingsReport(n: number): ScanReport {
  const base = sampleScanReport();
  const template = base.findings[1]!;
  const pkg = base.packages[template.packageIndex]!;
  const packages = Array.from({ length: n }, (_, i) => ({ ...pkg, name: `crate-${i}`, version: `1.${i}.0` }));
  const findings: Finding[] = packages.map((_, i) => ({
    ...template,
    id: `CVE-2030-${String(10000 + i)}`,
    packageIndex: i,
    priority: n - i,
    severity: { ...template.severity, level: (["critical", "high", "medium", "low"] as const)[i % 4]! },
  }));
  return { ...base, packages, findings, remediations: [], notes: [] };
}

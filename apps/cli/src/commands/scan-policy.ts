import type { Finding, ScanReport } from "@bulwark/core";
import { usageError } from "../errors.ts";

/** `--fail-on` values: a severity floor, KEV membership, or an SSVC decision floor. */
export const FAIL_ON = ["any", "low", "medium", "high", "critical", "kev", "ssvc:attend", "ssvc:act"] as const;

/** One `--fail-on` value. */
export type FailOnValue = (typeof FAIL_ON)[number];

const SEVERITY = ["unknown", "none", "low", "medium", "high", "critical"];
const SSVC = ["Track", "Track*", "Attend", "Act"];

/** Parse `--fail-on`; an unknown value is a usage error. */
export function parseFailOn(value: string): FailOnValue {
  const v = value.toLowerCase() as FailOnValue;
  if (!FAIL_ON.includes(v)) {
    throw usageError(`--fail-on takes one of ${FAIL_ON.join(", ")}, not ${JSON.stringify(value)}`);
  }
  return v;
}

/** Whether a finding meets the threshold. Suppressed and undetermined findings never fail a scan. */
export function meetsThreshold(f: Finding, threshold: FailOnValue): boolean {
  if (f.suppressed !== undefined || f.status !== "affected") return false;
  switch (threshold) {
    case "any":
      return true;
    case "kev":
      return f.kev !== undefined;
    case "ssvc:attend":
    case "ssvc:act": {
      const floor = threshold === "ssvc:act" ? "Act" : "Attend";
      return f.ssvc !== undefined && SSVC.indexOf(f.ssvc.decision) >= SSVC.indexOf(floor);
    }
    default:
      // An unknown severity counts as meeting a severity floor: not knowing is no reason to pass.
      return f.severity.level === "unknown" || SEVERITY.indexOf(f.severity.level) >= SEVERITY.indexOf(threshold);
  }
}

/** The exit code of a scan: 1 when any finding meets the threshold, else 0. */
export function scanExitCode(report: ScanReport, threshold: FailOnValue): number {
  return report.findings.some((f) => meetsThreshold(f, threshold)) ? 1 : 0;
}

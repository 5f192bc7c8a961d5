import type { Finding, Severity } from "@bulwark/core";

const SEVERITY_RANK: Record<Severity, number> = { unknown: 1, none: 0, low: 2, medium: 3, high: 4, critical: 5 };
const SSVC_RANK: Record<string, number> = { Track: 0, "Track*": 1, Attend: 2, Act: 3 };

/**
 * The priority of a finding, higher first: what CISA says to act on (KEV, then the SSVC
 * decision) outranks raw severity, and EPSS breaks ties between equally severe findings.
 * Undetermined findings rank below every affected one; suppressed ones go last.
 */
export function priorityOf(f: Omit<Finding, "priority">): number {
  if (f.suppressed !== undefined) return 0;
  if (f.status === "undetermined") return 1 + SEVERITY_RANK[f.severity.level];
  let p = 100;
  if (f.kev !== undefined) p += 10_000;
  if (f.ssvc !== undefined) p += 1_000 * (SSVC_RANK[f.ssvc.decision] ?? 0);
  p += 100 * SEVERITY_RANK[f.severity.level];
  p += Math.round((f.severity.score ?? 0) * 5);
  p += Math.round((f.epss?.probability ?? 0) * 49);
  return p;
}

/** Severity ranks, for `--fail-on` thresholds. */
export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

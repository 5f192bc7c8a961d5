import type { CvssVersion } from "./calculator.ts";
import type { Severity } from "./types.ts";

/** Severities from lowest to highest, for comparing. */
export const SEVERITY_ORDER: readonly Severity[] = ["none", "low", "medium", "high", "critical"];

/** Negative, zero or positive as `a` is less, as or more severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b);
}

/**
 * The qualitative rating of a CVSS score. v3.0, v3.1 and v4.0 use the specification's
 * table (0 none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10 critical). CVSS v2.0
 * defines no rating; NVD's v2 bands are used (0–3.9 low, 4.0–6.9 medium, 7.0–10 high), so a
 * v2 score is never "none" nor "critical".
 */
export function cvssSeverity(version: CvssVersion, score: number): Severity {
  if (version === "2.0") return score < 4 ? "low" : score < 7 ? "medium" : "high";
  if (score === 0) return "none";
  if (score < 4) return "low";
  if (score < 7) return "medium";
  if (score < 9) return "high";
  return "critical";
}

// Words used by OSV sources for a severity without a vector: GHSA and Bitnami
// database_specific ("MODERATE", "Critical"), OSS-Fuzz ecosystem_specific ("HIGH"), Red Hat
// ("Important"), Ubuntu priorities ("negligible"), Debian urgencies ("unimportant").
const WORDS: Record<string, Severity> = {
  none: "none",
  negligible: "low",
  unimportant: "low",
  low: "low",
  moderate: "medium",
  medium: "medium",
  important: "high",
  high: "high",
  critical: "critical",
};

/**
 * Maps a textual severity (any case) onto Bulwark's scale; `undefined` for words that
 * carry no judgement ("Unknown", "untriaged", "not yet assigned") or are not strings.
 */
export function textualSeverity(label: unknown): Severity | undefined {
  if (typeof label !== "string") return undefined;
  return Object.hasOwn(WORDS, label.trim().toLowerCase()) ? WORDS[label.trim().toLowerCase()] : undefined;
}

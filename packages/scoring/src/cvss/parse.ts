import { BulwarkError } from "@bulwark/core";
import { type CvssVersion, type LibraryMetric, libraryMetrics } from "./calculator.ts";
import type { CvssVector } from "./types.ts";

// Longer than any real vector (a full v4.0 vector with every metric is ~230 characters).
const MAX_LENGTH = 512;
const PREFIXED = /^CVSS:(2\.0|3\.0|3\.1|4\.0)\//;
const NOT_DEFINED = new Set(["X", "ND"]);
// CVSS v4.0 Table 23: the library registers its groups in another order; the canonical
// vector string lists base, threat, environmental, supplemental.
const V4_GROUP_ORDER = ["base", "threat", "environmental-security-requirement", "environmental-base", "supplemental"];
// Safety (S) exists only for the modified subsequent-system metrics MSI/MSA, never in the base.
const V4_BASE_WITHOUT_SAFETY = new Set(["SC", "SI", "SA"]);

const orderCache = new Map<CvssVersion, readonly LibraryMetric[]>();

function canonicalMetrics(version: CvssVersion): readonly LibraryMetric[] {
  const cached = orderCache.get(version);
  if (cached !== undefined) return cached;
  const all = libraryMetrics(version);
  const ordered =
    version === "4.0" ? V4_GROUP_ORDER.flatMap((group) => all.filter((m) => m.group === group)) : [...all];
  if (ordered.length !== all.length) throw new Error(`unexpected CVSS ${version} metric groups in the library`);
  orderCache.set(version, ordered);
  return ordered;
}

/** Parses a vector, or says in words why it is not one. */
export function checkCvss(input: unknown): CvssVector | { reason: string } {
  if (typeof input !== "string") return { reason: "not a string" };
  const text = input.trim();
  if (text.length === 0) return { reason: "empty" };
  if (text.length > MAX_LENGTH) return { reason: `longer than ${MAX_LENGTH} characters` };
  const prefix = PREFIXED.exec(text);
  if (prefix === null && text.startsWith("CVSS:"))
    return { reason: `unsupported version prefix ${text.split("/")[0]}` };
  // A bare vector is CVSS v2.0, whose specification has no prefix; "CVSS:2.0/" is tolerated.
  const version = (prefix?.[1] ?? "2.0") as CvssVersion;
  const body = prefix === null ? text : text.slice(prefix[0].length);

  const known = canonicalMetrics(version);
  const byKey = new Map(known.map((m) => [m.key, m]));
  const values = new Map<string, string>();
  for (const part of body.split("/")) {
    const colon = part.indexOf(":");
    if (colon <= 0 || colon !== part.lastIndexOf(":")) return { reason: `"${part}" is not METRIC:VALUE` };
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const metric = byKey.get(key);
    if (metric === undefined) return { reason: `unknown CVSS ${version} metric ${key}` };
    if (!metric.values.includes(value)) return { reason: `invalid value ${value} for ${key}` };
    if (values.has(key)) return { reason: `metric ${key} given twice` };
    values.set(key, value);
  }

  const metrics: Record<string, string> = {};
  const extraMetrics: Record<string, string> = {};
  const parts: string[] = [];
  for (const m of known) {
    const value = values.get(m.key);
    if (m.group === "base") {
      if (value === undefined || NOT_DEFINED.has(value)) return { reason: `mandatory base metric ${m.key} missing` };
      if (version === "4.0" && value === "S" && V4_BASE_WITHOUT_SAFETY.has(m.key)) {
        return { reason: `invalid value S for ${m.key}` };
      }
      metrics[m.key] = value;
    } else if (value === undefined || NOT_DEFINED.has(value)) {
      continue;
    } else {
      extraMetrics[m.key] = value;
    }
    parts.push(`${m.key}:${value}`);
  }
  const vector = (version === "2.0" ? "" : `CVSS:${version}/`) + parts.join("/");
  return { version, vector, metrics, extraMetrics };
}

/** Parses a CVSS v2.0, v3.0, v3.1 or v4.0 vector string; `undefined` when it is not a valid one. */
export function parseCvss(vector: string): CvssVector | undefined {
  const result = checkCvss(vector);
  return "reason" in result ? undefined : result;
}

/** Like {@link parseCvss}, but throws a `BULWARK_CVSS_INVALID` {@link BulwarkError} saying why. */
export function parseCvssOrThrow(vector: string): CvssVector {
  const result = checkCvss(vector);
  if ("reason" in result) throw invalid(vector, result.reason);
  return result;
}

/** The error for an invalid vector. */
export function invalid(vector: unknown, reason: string): BulwarkError {
  const shown = typeof vector === "string" ? JSON.stringify(vector.slice(0, 100)) : typeof vector;
  return new BulwarkError("BULWARK_CVSS_INVALID", `Invalid CVSS vector ${shown}: ${reason}.`, {
    details: { vector: typeof vector === "string" ? vector.slice(0, MAX_LENGTH) : undefined, reason },
  });
}

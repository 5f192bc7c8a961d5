import { libraryScores } from "./calculator.ts";
import { checkCvss, invalid } from "./parse.ts";
import { cvssSeverity } from "./severity.ts";
import type { CvssNomenclature, CvssScore, CvssVector } from "./types.ts";

// Metric groups that make a v4.0 score CVSS-BT / CVSS-BE (supplemental metrics never count).
const V4_THREAT = new Set(["E"]);
const V4_ENVIRONMENTAL = /^(CR|IR|AR|M[A-Z]+)$/;

function nomenclature(parsed: CvssVector): CvssNomenclature {
  const keys = Object.keys(parsed.extraMetrics);
  const threat = keys.some((k) => V4_THREAT.has(k));
  const environmental = keys.some((k) => V4_ENVIRONMENTAL.test(k));
  return threat && environmental ? "CVSS-BTE" : threat ? "CVSS-BT" : environmental ? "CVSS-BE" : "CVSS-B";
}

function scoreParsed(parsed: CvssVector): CvssScore {
  const lib = libraryScores(parsed.version, parsed.vector);
  const result: CvssScore = { ...parsed, baseScore: lib.base, score: lib.base, severity: "none" };
  if (lib.temporal !== undefined) result.temporalScore = lib.temporal;
  if (lib.environmental !== undefined) result.environmentalScore = lib.environmental;
  if (parsed.version === "4.0") {
    result.score = lib.overall;
    result.nomenclature = nomenclature(parsed);
  } else {
    result.score = lib.environmental ?? lib.temporal ?? lib.base;
  }
  result.severity = cvssSeverity(parsed.version, result.score);
  return result;
}

// A parsed vector is checked again (from its canonical string), so a hand-built object
// cannot reach the lenient library.
const text = (vector: string | CvssVector): unknown =>
  typeof vector === "string" ? vector : (vector as Partial<CvssVector> | null)?.vector;

/**
 * Scores a CVSS v2.0/v3.0/v3.1/v4.0 vector (a string, or one from `parseCvss`) with the
 * ae-cvss-calculator library; `undefined` when it is not a valid vector.
 */
export function scoreCvss(vector: string | CvssVector): CvssScore | undefined {
  if (typeof vector !== "string") return scoreUncached(vector);
  // Advisories repeat a few thousand distinct vectors across tens of thousands of findings.
  let scored = memo.get(vector);
  if (scored === undefined) {
    scored = scoreUncached(vector) ?? null;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(vector, scored);
  }
  return scored ?? undefined;
}

const MEMO_LIMIT = 20_000;
// Results are shared between callers: treat them as read-only.
const memo = new Map<string, CvssScore | null>();

function scoreUncached(vector: string | CvssVector): CvssScore | undefined {
  const parsed = checkCvss(text(vector));
  return "reason" in parsed ? undefined : scoreParsed(parsed);
}

/** Like {@link scoreCvss}, but throws a `BULWARK_CVSS_INVALID` `BulwarkError` saying why. */
export function scoreCvssOrThrow(vector: string | CvssVector): CvssScore {
  const parsed = checkCvss(text(vector));
  if ("reason" in parsed) throw invalid(text(vector), parsed.reason);
  return scoreParsed(parsed);
}

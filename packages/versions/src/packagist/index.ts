import type { VersionScheme } from "../types.ts";

/** A Composer version: its normalised form and that form split as PHP's version_compare splits it. */
export interface PackagistVersion {
  /** `VersionParser::normalize` output, e.g. `1.2.0.0-beta2`. */
  readonly normalized: string;
  /** Canonical parts: a number (clamped like C's strtol) or the special-form rank of a word. */
  readonly parts: readonly Part[];
}

type Part =
  | { readonly num: number | bigint; readonly rank?: undefined }
  | { readonly rank: number; readonly num?: undefined };

const MAX_LENGTH = 256;
// The rank version_compare gives a number when it meets a word ("#N#" in php-src).
const NUMBER_RANK = 4;
const LONG_MAX = 9223372036854775807n;

// composer/semver 3.3 VersionParser regexes. PCRE's possessive quantifiers are dropped:
// every place they occur is followed by something that cannot take digits back, so
// JavaScript's backtracking finds the same matches.
const MODIFIER = "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?";
const ALIAS = /^([^,\s]+) +as +([^,\s]+)$/;
const STABILITY_FLAG = /@(?:stable|RC|beta|alpha|dev)$/i;
const BUILD = /^([^,\s+]+)\+[^\s]+$/;
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, "i");
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)${MODIFIER}$`, "i");
const DEV_SUFFIX = /^(.*?)[.-]?dev$/i;
const BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/i;

function expandStability(s: string): string {
  const l = s.toLowerCase();
  if (l === "a") return "alpha";
  if (l === "b") return "beta";
  if (l === "p" || l === "pl") return "patch";
  if (l === "rc") return "RC";
  return l;
}

// PHP's trim() default character set: space, \t, \n, \r, NUL, vertical tab.
const TRIMMED = new Set([" ", "\t", "\n", "\r", "\u0000", "\u000b"]);

function phpTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && TRIMMED.has(s.charAt(start))) start++;
  while (end > start && TRIMMED.has(s.charAt(end - 1))) end--;
  return s.slice(start, end);
}

function normalizeBranch(name: string): string | undefined {
  const m = BRANCH.exec(phpTrim(name));
  if (m === null) return undefined;
  let v = "";
  for (let i = 1; i < 5; i++) v += m[i] === undefined ? ".x" : m[i]?.replace(/[*X]/g, "x");
  return `${v.replace(/x/g, "9999999")}-dev`;
}

/**
 * Composer's `VersionParser::normalize` (composer/semver 3.3). Returns `undefined` where
 * Composer throws, and also for `dev-*` branch names (and `master`/`trunk`/`default`),
 * which Composer never orders against releases.
 */
export function normalizeComposer(input: string): string | undefined {
  let v = phpTrim(input);
  const alias = ALIAS.exec(v);
  if (alias !== null) v = alias[1] ?? "";
  const flag = STABILITY_FLAG.exec(v);
  if (flag !== null) v = v.slice(0, v.length - flag[0].length);
  if (v === "master" || v === "trunk" || v === "default") return undefined;
  if (v.toLowerCase().startsWith("dev-")) return undefined;
  const build = BUILD.exec(v);
  if (build !== null) v = build[1] ?? "";
  let m = CLASSICAL.exec(v);
  let index: number;
  if (m !== null) {
    v = `${m[1]}${m[2] || ".0"}${m[3] || ".0"}${m[4] || ".0"}`;
    index = 5;
  } else {
    m = DATE.exec(v);
    if (m !== null) {
      v = (m[1] ?? "").replace(/\D/g, ".");
      index = 2;
    } else {
      const dev = DEV_SUFFIX.exec(v);
      const branch = dev === null ? undefined : normalizeBranch(dev[1] ?? "");
      return branch;
    }
  }
  const stability = m[index];
  if (stability) {
    // Case-sensitive, as in Composer: "STABLE" is kept as a "-stable" suffix.
    if (stability === "stable") return v;
    v += `-${expandStability(stability)}${(m[index + 1] ?? "").replace(/^[.-]+/, "")}`;
  }
  if (m[index + 2]) v += "-dev";
  return v;
}

// php-src ext/standard/versioning.c compare_special_version_forms: the first form the
// word starts with decides; an unknown word ranks below "dev".
const SPECIAL_FORMS: readonly (readonly [string, number])[] = [
  ["dev", 0],
  ["alpha", 1],
  ["a", 1],
  ["beta", 2],
  ["b", 2],
  ["RC", 3],
  ["rc", 3],
  ["#", NUMBER_RANK],
  ["pl", 5],
  ["p", 5],
];

function wordRank(word: string): number {
  for (const [form, rank] of SPECIAL_FORMS) if (word.startsWith(form)) return rank;
  return -1;
}

// php_canonicalize_version: `-`, `_`, `+` and other non-alphanumerics become `.`, and a
// `.` is inserted wherever digits and non-digits meet; then split on `.`.
function canonicalParts(s: string): Part[] {
  const parts: Part[] = [];
  for (const m of s.matchAll(/[0-9]+|[A-Za-z]+/g)) {
    const t = m[0];
    if (t.charCodeAt(0) <= 57) {
      const digits = t.replace(/^0+(?=.)/, "");
      const big = digits.length > 15 ? BigInt(digits) : undefined;
      parts.push({ num: big === undefined ? Number(digits) : big > LONG_MAX ? LONG_MAX : big });
    } else {
      parts.push({ rank: wordRank(t) });
    }
  }
  return parts;
}

function sign(a: number | bigint, b: number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function partRank(p: Part): number {
  return p.rank ?? NUMBER_RANK;
}

/** PHP's version_compare on two pre-split normalised versions. */
function versionCompare(a: readonly Part[], b: readonly Part[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as Part;
    const y = b[i] as Part;
    const c = x.num !== undefined && y.num !== undefined ? sign(x.num, y.num) : sign(partRank(x), partRank(y));
    if (c !== 0) return c;
  }
  // The longer side wins with a number next; with a word next, the word is ranked against a number.
  const extraA = a[n];
  if (extraA !== undefined) return extraA.num !== undefined ? 1 : sign(partRank(extraA), NUMBER_RANK);
  const extraB = b[n];
  if (extraB !== undefined) return extraB.num !== undefined ? -1 : sign(NUMBER_RANK, partRank(extraB));
  return 0;
}

/** Parse a Composer version: normalise it, then pre-split it for version_compare. */
export function parsePackagist(s: string): PackagistVersion | undefined {
  if (s.length === 0 || s.length > MAX_LENGTH || !/^[\x20-\x7e]+$/.test(s)) return undefined;
  const normalized = normalizeComposer(s);
  if (normalized === undefined) return undefined;
  return { normalized, parts: canonicalParts(normalized) };
}

/** Order two Composer versions as Composer does: version_compare on the normalised forms. */
export function comparePackagist(a: PackagistVersion, b: PackagistVersion): number {
  return versionCompare(a.parts, b.parts);
}

/** Packagist (Composer) versions: VersionParser::normalize + PHP version_compare. */
export const packagistScheme: VersionScheme<PackagistVersion> = {
  id: "packagist",
  title: "Composer versions (composer/semver VersionParser::normalize + PHP version_compare)",
  parse: parsePackagist,
  compare: comparePackagist,
};

import type { VersionScheme } from "../types.ts";

/** A segment of a gem version: a number (digit string without leading zeros) or letters. */
export type GemSegment = { readonly num: string } | { readonly str: string };

/** A parsed RubyGems version. */
export interface GemVersion {
  /** Gem::Version#canonical_segments: trailing zeros of the numeric and of the string part dropped. */
  readonly segments: readonly GemSegment[];
  /** True when the version contains a letter (Gem::Version#prerelease?). */
  readonly prerelease: boolean;
}

/** Longest string we try to read; hostile input beyond this is simply invalid. */
const MAX_LENGTH = 256;

// Gem::Version::VERSION_PATTERN (rubygems/version.rb), anchored.
const PATTERN = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
// Ruby's \s and String#strip: ASCII whitespace, plus NUL at the end for strip.
const EDGE_SPACE = /^[\t\n\v\f\r ]+|[\t\n\v\f\r \0]+$/g;
const SEGMENT = /[0-9]+|[a-zA-Z]+/g;
const ZERO: GemSegment = { num: "0" };

function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 0x30) i++;
  return i === 0 ? digits : digits.slice(i);
}

function isZero(seg: GemSegment): boolean {
  return "num" in seg && seg.num === "0";
}

function dropTrailingZeros(segs: GemSegment[]): GemSegment[] {
  let end = segs.length;
  while (end > 0 && isZero(segs[end - 1] ?? ZERO)) end--;
  return segs.slice(0, end);
}

/**
 * Parse a gem version as Gem::Version.new does, including `-` meaning prerelease
 * (`1.0-1` is `1.0.pre.1`). Empty or blank strings, which RubyGems reads as "0",
 * are rejected here as not naming a version.
 */
export function parseGem(s: string): GemVersion | undefined {
  if (typeof s !== "string" || s.length > MAX_LENGTH) return undefined;
  // Ruby's anchored pattern allows \s on both sides; strip then additionally drops NUL
  // at the end, but a NUL fails the pattern first, so only \s matters here.
  const text = s.replace(EDGE_SPACE, "");
  if (/\0/.test(s) || !PATTERN.test(text)) return undefined;
  const all: GemSegment[] = [];
  for (const m of text.replaceAll("-", ".pre.").matchAll(SEGMENT)) {
    const t = m[0];
    all.push(t.charCodeAt(0) <= 0x39 ? { num: stripZeros(t) } : { str: t });
  }
  const firstStr = all.findIndex((x) => "str" in x);
  const segments =
    firstStr < 0
      ? dropTrailingZeros(all)
      : [...dropTrailingZeros(all.slice(0, firstStr)), ...dropTrailingZeros(all.slice(firstStr))];
  return { segments, prerelease: firstStr >= 0 };
}

function cmpStr(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Gem::Version#<=>: missing segments count as 0, a string sorts before any number. */
export function compareGem(a: GemVersion, b: GemVersion): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const x = a.segments[i] ?? ZERO;
    const y = b.segments[i] ?? ZERO;
    if ("num" in x) {
      if ("num" in y) {
        const d = x.num.length - y.num.length || cmpStr(x.num, y.num);
        if (d !== 0) return d;
      } else return 1;
    } else if ("num" in y) return -1;
    else {
      const d = cmpStr(x.str, y.str);
      if (d !== 0) return d;
    }
  }
  return 0;
}

/** RubyGems version order (Gem::Version). */
export const rubygemsScheme: VersionScheme<GemVersion> = {
  id: "rubygems",
  title: "RubyGems versions (Gem::Version)",
  parse: parseGem,
  compare: compareGem,
};

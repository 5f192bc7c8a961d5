import type { VersionScheme } from "../types.ts";

// Token types of apk-tools src/version.c, in its order: the order is the semantics,
// both for which token may follow which and for the tail rule of the comparison.
const INITIAL_DIGIT = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const COMMIT_HASH = 5;
const REVISION_NO = 6;
const END = 7;
const INVALID = 8;

// Suffix ranks; NONE is the pivot between pre-release and post-release suffixes.
const SUFFIX_NONE = 5;
const SUFFIXES: ReadonlyMap<string, number> = new Map([
  ["alpha", 1],
  ["beta", 2],
  ["pre", 3],
  ["rc", 4],
  ["cvs", 6],
  ["svn", 7],
  ["git", 8],
  ["hg", 9],
  ["p", 10],
]);

interface Token {
  readonly type: number;
  /** Raw text: digits, the letter, the suffix name or the commit hash. */
  readonly text: string;
  /** Numeric value of a digit token (uint64, wrapping like apk's parser) or the suffix rank. */
  readonly value: number | bigint;
}

/** A parsed apk version: its tokens, validated like apk_version_validate. */
export interface ApkVersion {
  readonly tokens: readonly Token[];
}

const MAX_LENGTH = 256;
const UINT64 = 64;

// apk_blob_pull_uint accumulates in a uint64_t that silently wraps; short runs are exact
// as a JS number, longer ones are reduced modulo 2^64 to order exactly as apk does.
function digitValue(digits: string): number | bigint {
  return digits.length <= 15 ? Number(digits) : BigInt.asUintN(UINT64, BigInt(digits));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102);
}

function span(s: string, from: number, pred: (c: number) => boolean): number {
  let i = from;
  while (i < s.length && pred(s.charCodeAt(i))) i++;
  return i;
}

/**
 * Tokenise and validate like apk-tools' token_first/token_next: `digit{.digit}...
 * {letter}{_suffix{#}}...{~hash}{-r#}`. Returns `undefined` for anything apk's
 * apk_version_validate rejects (and for non-ASCII input, which apk only half-handles).
 */
export function parseApk(s: string): ApkVersion | undefined {
  if (s.length === 0 || s.length > MAX_LENGTH || !/^[\x21-\x7e]+$/.test(s)) return undefined;
  const tokens: Token[] = [];
  let i = span(s, 0, isDigit);
  if (i === 0) return undefined;
  tokens.push({ type: INITIAL_DIGIT, text: s.slice(0, i), value: digitValue(s.slice(0, i)) });
  let prev = INITIAL_DIGIT;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    let type: number = INVALID;
    let start = i;
    let end = i;
    let value: number | bigint = 0;
    if (isLower(c)) {
      if (prev > DIGIT) return undefined;
      type = LETTER;
      end = i + 1;
      value = c;
    } else if (c === 46 /* . */ || isDigit(c)) {
      if (c === 46) {
        if (prev > DIGIT) return undefined;
        start = i + 1;
      }
      if (prev === INITIAL_DIGIT || prev === DIGIT) type = DIGIT;
      else if (prev === SUFFIX) type = SUFFIX_NO;
      else return undefined;
      end = span(s, start, isDigit);
      if (end === start) return undefined;
      value = digitValue(s.slice(start, end));
    } else if (c === 95 /* _ */) {
      if (prev > SUFFIX_NO) return undefined;
      start = i + 1;
      end = span(s, start, isLower);
      const rank = SUFFIXES.get(s.slice(start, end));
      if (rank === undefined) return undefined;
      type = SUFFIX;
      value = rank;
    } else if (c === 126 /* ~ */) {
      if (prev >= COMMIT_HASH) return undefined;
      start = i + 1;
      end = span(s, start, isHex);
      if (end === start) return undefined;
      type = COMMIT_HASH;
    } else if (c === 45 /* - */) {
      if (prev >= REVISION_NO || s.charCodeAt(i + 1) !== 114 /* r */) return undefined;
      start = i + 2;
      end = span(s, start, isDigit);
      if (end === start) return undefined;
      type = REVISION_NO;
      value = digitValue(s.slice(start, end));
    } else {
      return undefined;
    }
    tokens.push({ type, text: s.slice(start, end), value });
    prev = type;
    i = end;
  }
  return { tokens };
}

function sign(a: number | bigint, b: number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// apk_blob_sort: bytewise on the common prefix, then the shorter first.
function blobSort(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tokenCmp(a: Token, b: Token): number {
  switch (a.type) {
    case DIGIT:
      // A leading zero makes apk compare the digits as text, like Gentoo's fractional parts.
      if (a.text.charCodeAt(0) === 48 || b.text.charCodeAt(0) === 48) return blobSort(a.text, b.text);
      return sign(a.value, b.value);
    case INITIAL_DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
    case LETTER:
    case SUFFIX:
      return sign(a.value, b.value);
    default:
      return blobSort(a.text, b.text);
  }
}

/** Order two parsed apk versions exactly as apk_version_compare does. */
export function compareApk(a: ApkVersion, b: ApkVersion): number {
  const ta = a.tokens;
  const tb = b.tokens;
  let i = 0;
  for (;;) {
    const x = ta[i];
    const y = tb[i];
    const xt = x?.type ?? END;
    const yt = y?.type ?? END;
    if (x === undefined || y === undefined || xt !== yt) {
      if (xt === yt) return 0;
      // The longer version wins unless what it has next is a pre-release suffix.
      if (xt === SUFFIX && x !== undefined && x.value < SUFFIX_NONE) return -1;
      if (yt === SUFFIX && y !== undefined && y.value < SUFFIX_NONE) return 1;
      return xt > yt ? -1 : 1;
    }
    const r = tokenCmp(x, y);
    if (r !== 0) return r;
    i++;
  }
}

/** Alpine apk versions (Alpine, Wolfi, Chainguard, Alpaquita, MinimOS): apk-tools ordering. */
export const apkScheme: VersionScheme<ApkVersion> = {
  id: "apk",
  title: "Alpine apk-tools versions (src/version.c)",
  parse: parseApk,
  compare: compareApk,
};

import type { VersionScheme } from "../types.ts";

/** A dot-separated identifier: an integer (as Dart's `int.tryParse` reads it) or a string. */
type Part = bigint | string;

/** A parsed pub version (pub_semver `Version`). */
export interface PubVersion {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  /** Pre-release identifiers; empty when there is none. */
  readonly preRelease: readonly Part[];
  /** Build identifiers; empty when there is none. Unlike SemVer, pub orders by them. */
  readonly build: readonly Part[];
}

const MAX_LENGTH = 256;
// Dart VM ints are signed 64-bit: int.parse of a larger number fails.
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

// pub_semver's completeVersion: leading zeros allowed, exactly three numbers.
const COMPLETE = /^(\d+)\.(\d+)\.(\d+)(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
// What int.tryParse accepts among the characters an identifier may hold: an optional
// sign, then decimal digits or a 0x/0X hex literal.
const DART_INT = /^(-?)(?:0[xX]([0-9A-Fa-f]+)|([0-9]+))$/;

function dartInt(s: string): bigint | undefined {
  const m = DART_INT.exec(s);
  if (m === null) return undefined;
  const magnitude = m[2] !== undefined ? BigInt(`0x${m[2]}`) : BigInt(m[3] ?? "");
  const value = m[1] === "-" ? -magnitude : magnitude;
  return value > INT64_MAX || value < INT64_MIN ? undefined : value;
}

function splitParts(s: string | undefined): Part[] {
  if (s === undefined) return [];
  return s.split(".").map((p) => dartInt(p) ?? p);
}

/** Parse like pub_semver's `Version.parse`; `undefined` where it throws a FormatException. */
export function parsePub(s: string): PubVersion | undefined {
  if (s.length === 0 || s.length > MAX_LENGTH) return undefined;
  const m = COMPLETE.exec(s);
  if (m === null) return undefined;
  const major = BigInt(m[1] ?? "");
  const minor = BigInt(m[2] ?? "");
  const patch = BigInt(m[3] ?? "");
  if (major > INT64_MAX || minor > INT64_MAX || patch > INT64_MAX) return undefined;
  return { major, minor, patch, preRelease: splitParts(m[5]), build: splitParts(m[8]) };
}

function cmp<T extends bigint | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// pub_semver _compareLists: a missing part first, numbers before strings.
function compareLists(a: readonly Part[], b: readonly Part[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === "bigint") return typeof y === "bigint" ? cmp(x, y) : -1;
    if (typeof y === "bigint") return 1;
    return cmp(x, y);
  }
  return 0;
}

/** pub_semver `Version.compareTo`: SemVer precedence, then build identifiers (none first). */
export function comparePub(a: PubVersion, b: PubVersion): number {
  if (a.major !== b.major) return cmp(a.major, b.major);
  if (a.minor !== b.minor) return cmp(a.minor, b.minor);
  if (a.patch !== b.patch) return cmp(a.patch, b.patch);
  const aPre = a.preRelease.length > 0;
  const bPre = b.preRelease.length > 0;
  if (aPre !== bPre) return aPre ? -1 : 1;
  const c = compareLists(a.preRelease, b.preRelease);
  if (c !== 0) return c;
  const aBuild = a.build.length > 0;
  const bBuild = b.build.length > 0;
  if (aBuild !== bBuild) return aBuild ? 1 : -1;
  return compareLists(a.build, b.build);
}

/** Dart pub package versions: pub_semver ordering. */
export const pubScheme: VersionScheme<PubVersion> = {
  id: "pub",
  title: "Dart pub versions (pub_semver Version.compareTo)",
  parse: parsePub,
  compare: comparePub,
};

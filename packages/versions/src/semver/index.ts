import { type SemverLike, semverPrecedenceKey } from "../shared/semver-precedence.ts";
import { compareKeys } from "../shared/sortable-key.ts";
import type { VersionScheme } from "../types.ts";

/** A parsed SemVer version; `key` carries the whole precedence (see `semverPrecedenceKey`). */
export type SemverVersion = SemverLike;

/** Longest string we try to read; hostile input beyond this is simply invalid. */
const MAX_LENGTH = 256;

// Lenient in the same ways as osv.dev's SEMVER coercion (osv/semver_index.py): optional
// leading v, missing minor/patch padded with 0, leading zeros read as numbers. Empty
// identifiers ("1.0.0-a..b") are rejected rather than guessed at.
const PATTERN =
  /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 0x30) i++;
  return i === 0 ? digits : digits.slice(i);
}

/** Parse a SemVer 2.0.0 version (with osv.dev's leniencies); `undefined` when invalid. */
export function parseSemver(s: string): SemverVersion | undefined {
  if (typeof s !== "string" || s.length > MAX_LENGTH) return undefined;
  const m = PATTERN.exec(s.trim());
  if (m === null) return undefined;
  const major = stripZeros(m[1] ?? "0");
  const minor = stripZeros(m[2] ?? "0");
  const patch = stripZeros(m[3] ?? "0");
  const prerelease = m[4] === undefined ? [] : m[4].split(".");
  const build = m[5] === undefined ? [] : m[5].split(".");
  return { key: semverPrecedenceKey(major, minor, patch, prerelease), major, minor, patch, prerelease, build };
}

/**
 * SemVer 2.0.0 precedence for npm, crates.io, Hex, Bitnami, SwiftURL, ConanCenter and
 * OSV `SEMVER` ranges. Build metadata is ignored; numbers of any size compare exactly.
 */
export const semverScheme: VersionScheme<SemverVersion> = {
  id: "semver",
  title: "Semantic Versioning 2.0.0 (https://semver.org)",
  parse: parseSemver,
  compare: (a, b) => compareKeys(a.key, b.key),
};

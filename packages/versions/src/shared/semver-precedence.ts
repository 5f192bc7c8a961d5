import { natKey } from "./sortable-key.ts";

/**
 * SemVer 2.0.0 precedence (https://semver.org/#spec-item-11) as a sortable key,
 * shared by the `semver` and `go` schemes, which differ only in what they accept.
 *
 * Layout: major, minor, patch as natural numbers, then either `\x03` (no
 * prerelease: sorts after every prerelease) or `\x02` followed by the identifiers
 * and a `\x01` terminator (so a shorter identifier list that is a prefix sorts first).
 * A numeric identifier is `\x02` + number, an alphanumeric one `\x03` + text + `\x00`,
 * which puts numeric before alphanumeric and orders text by ASCII.
 *
 * Numeric parts are given as digit strings; leading zeros are ignored here (callers
 * decide whether they are valid).
 */
export function semverPrecedenceKey(
  major: string,
  minor: string,
  patch: string,
  prerelease: readonly string[],
): string {
  let key = natKey(major) + natKey(minor) + natKey(patch);
  if (prerelease.length === 0) return `${key}\x03`;
  key += "\x02";
  for (const id of prerelease) {
    key += isDigits(id) ? `\x02${natKey(id)}` : `\x03${id}\x00`;
  }
  return `${key}\x01`;
}

/** True when `s` is non-empty and only ASCII digits. */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** A version ordered by SemVer 2.0.0 precedence; `key` decides the order. */
export interface SemverLike {
  /** Sortable key: compare with `<` (see {@link semverPrecedenceKey}). */
  readonly key: string;
  /** Major, minor and patch as digit strings without leading zeros (any size). */
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  /** Prerelease identifiers; empty for a release. */
  readonly prerelease: readonly string[];
  /** Build metadata identifiers; never affect the order. */
  readonly build: readonly string[];
}

import type { VersionScheme } from "../types.ts";

/** A parsed Haskell package version: its branch of non-negative integers. */
export interface HackageVersion {
  readonly branch: readonly number[];
}

const MAX_LENGTH = 256;
// Cabal's versionDigitParser: a single 0, or a digit run without a leading zero and of
// at most 9 digits (so it always fits GHC's Int); components are separated by `.`.
const VALID = /^(?:0|[1-9][0-9]{0,8})(?:\.(?:0|[1-9][0-9]{0,8}))*$/;

/**
 * Parse a version as Cabal (and so Hackage) does. Version tags (`1.0-foo`), which Cabal
 * only warns about and Hackage refuses, give `undefined`, as do leading zeros.
 */
export function parseHackage(s: string): HackageVersion | undefined {
  if (s.length === 0 || s.length > MAX_LENGTH || !VALID.test(s)) return undefined;
  return { branch: s.split(".").map(Number) };
}

/** Lexicographic order on the branch (Data.Version / Cabal `Ord`): a prefix sorts first, `1.0 < 1.0.0`. */
export function compareHackage(a: HackageVersion, b: HackageVersion): number {
  const x = a.branch;
  const y = b.branch;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = x[i] as number;
    const q = y[i] as number;
    if (p !== q) return p < q ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** Hackage and GHC versions: Haskell PVP, Data.Version ordering. */
export const hackageScheme: VersionScheme<HackageVersion> = {
  id: "hackage",
  title: "Haskell package versions (PVP, Cabal Version / Data.Version ordering)",
  parse: parseHackage,
  compare: compareHackage,
};

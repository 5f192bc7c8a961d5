import type { VersionScheme } from "../types.ts";

/** A parsed R package version: its integers with trailing zeros dropped. */
export interface CranVersion {
  /**
   * The components, trailing zeros removed: R's comparison operators pad the shorter
   * version with zeros, so `1.0`, `1.0.0` and `1-0` are one version.
   */
  readonly parts: readonly number[];
}

const MAX_LENGTH = 256;
// R stores each component as an integer; a larger one becomes NA and is not a version.
const R_INT_MAX = 2147483647;
// package_version(): at least two non-negative integers separated by single `.` or `-`.
const VALID = /^[0-9]+(?:[.-][0-9]+)+$/;

/** Parse like R's `package_version()` (strict); `undefined` where R errors or yields NA. */
export function parseCran(s: string): CranVersion | undefined {
  if (s.length === 0 || s.length > MAX_LENGTH || !VALID.test(s)) return undefined;
  const parts: number[] = [];
  for (const t of s.split(/[.-]/)) {
    // Leading zeros cannot overflow the check: strip them before measuring.
    const digits = t.replace(/^0+(?=.)/, "");
    if (digits.length > 10) return undefined;
    const n = Number(digits);
    if (n > R_INT_MAX) return undefined;
    parts.push(n);
  }
  while (parts.length > 0 && parts[parts.length - 1] === 0) parts.pop();
  return { parts };
}

/** Compare component-wise as R's `Ops.numeric_version` does (missing components are 0). */
export function compareCran(a: CranVersion, b: CranVersion): number {
  const n = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const x = a.parts[i] ?? 0;
    const y = b.parts[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** CRAN and Bioconductor package versions: R's package_version ordering. */
export const cranScheme: VersionScheme<CranVersion> = {
  id: "cran",
  title: "R package versions (package_version / numeric_version comparison)",
  parse: parseCran,
  compare: compareCran,
};

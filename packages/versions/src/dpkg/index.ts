import type { VersionScheme } from "../types.ts";

/** A parsed Debian version: `[epoch:]upstream[-revision]`. */
export interface DpkgVersion {
  /** Numeric epoch (0 when absent); dpkg caps it at INT_MAX, so a JS number is exact. */
  readonly epoch: number;
  /** Upstream part (may contain `-` when a revision follows, and `:` when an epoch precedes). */
  readonly upstream: string;
  /** Debian revision; "" when absent, which dpkg orders exactly like "0". */
  readonly revision: string;
}

// Hostile input is refused before any scanning; real Debian versions stay far below this.
const MAX_LENGTH = 256;
const INT_MAX = 2147483647;

const CH_0 = 48;
const CH_9 = 57;
const CH_TILDE = 126;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// dpkg's order(): digits never reach here in a non-digit run, `~` is below the end of
// the string (0), letters sort by ASCII, every other character after all letters.
function order(c: number): number {
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === CH_TILDE) return -1;
  if (c !== 0) return c + 256;
  return 0;
}

/**
 * dpkg's verrevcmp: alternate non-digit runs (compared with `order`) and digit runs
 * (compared numerically by skipping leading zeros, then by length, then by the first
 * differing digit), so arbitrarily long numbers never overflow.
 */
function verrevcmp(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  let i = 0;
  let j = 0;
  while (i < la || j < lb) {
    while ((i < la && !isDigit(a.charCodeAt(i))) || (j < lb && !isDigit(b.charCodeAt(j)))) {
      const ac = order(i < la ? a.charCodeAt(i) : 0);
      const bc = order(j < lb ? b.charCodeAt(j) : 0);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (i < la && a.charCodeAt(i) === CH_0) i++;
    while (j < lb && b.charCodeAt(j) === CH_0) j++;
    let firstDiff = 0;
    while (i < la && j < lb && isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < la && isDigit(a.charCodeAt(i))) return 1;
    if (j < lb && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

// Characters dpkg's parseversion allows without a warning.
const UPSTREAM_CHARS = /^[0-9A-Za-z.+~:-]*$/;
const REVISION_CHARS = /^[0-9A-Za-z.+~]*$/;
// strtol as dpkg calls it: optional sign, then at least one digit, up to the colon.
const EPOCH = /^([+-]?)([0-9]+)$/;

/**
 * Parse like dpkg's parseversion. Hard errors (empty, bad epoch, empty upstream or
 * revision, embedded blanks) and the "invalid character" warning give `undefined`;
 * the "does not start with digit" warning is accepted, as `dpkg --compare-versions` does.
 */
export function parseDpkg(input: string): DpkgVersion | undefined {
  if (input.length === 0 || input.length > MAX_LENGTH) return undefined;
  // dpkg trims leading and trailing blanks (space, tab) but rejects embedded ones.
  const s = input.replace(/^[ \t]+|[ \t]+$/g, "");
  if (s.length === 0 || /[ \t]/.test(s)) return undefined;
  let epoch = 0;
  let rest = s;
  const colon = s.indexOf(":");
  if (colon >= 0) {
    const m = EPOCH.exec(s.slice(0, colon));
    if (m === null) return undefined;
    const digits = (m[2] ?? "").replace(/^0+(?=.)/, "");
    if (digits.length > 10) return undefined;
    const value = Number(digits);
    if (value > INT_MAX) return undefined;
    if (m[1] === "-" && value !== 0) return undefined;
    epoch = value;
    rest = s.slice(colon + 1);
    if (rest.length === 0) return undefined;
  }
  let upstream = rest;
  let revision = "";
  const hyphen = rest.lastIndexOf("-");
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision.length === 0) return undefined;
  }
  if (upstream.length === 0) return undefined;
  if (!UPSTREAM_CHARS.test(upstream) || !REVISION_CHARS.test(revision)) return undefined;
  return { epoch, upstream, revision };
}

/** Order two parsed Debian versions exactly as `dpkg --compare-versions` does. */
export function compareDpkg(a: DpkgVersion, b: DpkgVersion): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  const r = verrevcmp(a.upstream, b.upstream);
  if (r !== 0) return r;
  return verrevcmp(a.revision, b.revision);
}

/** Debian package versions (Debian, Ubuntu, opam): deb-version(7), dpkg's verrevcmp. */
export const dpkgScheme: VersionScheme<DpkgVersion> = {
  id: "dpkg",
  title: "Debian package versions (deb-version(7), dpkg verrevcmp)",
  parse: parseDpkg,
  compare: compareDpkg,
};

import type { VersionScheme } from "../types.ts";

// Token kinds of rpmvercmp. Separators (any other character) only delimit tokens, so
// they are dropped at parse time: "1.0", "1_0" and "1+0" compare equal, as in rpm.
const TILDE = 0;
const CARET = 1;
const NUM = 2;
const ALPHA = 3;

interface Token {
  readonly kind: typeof TILDE | typeof CARET | typeof NUM | typeof ALPHA;
  /** Digits without leading zeros (NUM) or the letters (ALPHA); "" for `~`/`^`. */
  readonly text: string;
}

/** A parsed RPM EVR: `[epoch:]version[-release]`, pre-tokenised for rpmvercmp. */
export interface RpmVersion {
  /** Epoch digits without leading zeros ("" = 0, also when absent). */
  readonly epoch: string;
  readonly version: readonly Token[];
  /** `undefined` when the string has no release (it then sorts before every release). */
  readonly release: readonly Token[] | undefined;
}

const MAX_LENGTH = 256;
// rpmbuild's allowed characters for Version and Release (after macro expansion).
const PART = /^[A-Za-z0-9._+~^]+$/;
const EPOCH = /^[0-9]+$/;

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const re = /~|\^|[0-9]+|[A-Za-z]+/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const t = m[0];
    if (t === "~") out.push({ kind: TILDE, text: "" });
    else if (t === "^") out.push({ kind: CARET, text: "" });
    else if (t.charCodeAt(0) <= 57) out.push({ kind: NUM, text: t.replace(/^0+/, "") });
    else out.push({ kind: ALPHA, text: t });
  }
  return out;
}

function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return cmpText(a, b);
}

/**
 * rpmvercmp (rpm ≥ 4.15) over pre-split tokens: `~` sorts before anything, even the
 * end; `^` sorts after the end but before any other segment; numbers beat letters;
 * numbers compare by value, letters by ASCII; the side with segments left wins.
 */
function rpmvercmp(a: readonly Token[], b: readonly Token[]): number {
  let i = 0;
  let j = 0;
  for (;;) {
    const x = a[i];
    const y = b[j];
    if (x === undefined && y === undefined) return 0;
    if (x?.kind === TILDE || y?.kind === TILDE) {
      if (x?.kind !== TILDE) return 1;
      if (y?.kind !== TILDE) return -1;
    } else if (x?.kind === CARET || y?.kind === CARET) {
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      if (x.kind !== CARET) return 1;
      if (y.kind !== CARET) return -1;
    } else {
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      if (x.kind !== y.kind) return x.kind === NUM ? 1 : -1;
      const r = x.kind === NUM ? cmpDigits(x.text, y.text) : cmpText(x.text, y.text);
      if (r !== 0) return r;
    }
    i++;
    j++;
  }
}

/**
 * Parse an RPM EVR. The release starts after the only `-`; a second `-` cannot come
 * from rpmbuild and gives `undefined`, as do an empty part, a non-numeric epoch and
 * characters rpmbuild does not allow in Version/Release.
 */
export function parseRpm(s: string): RpmVersion | undefined {
  if (s.length === 0 || s.length > MAX_LENGTH) return undefined;
  let rest = s;
  let epoch = "";
  const colon = s.indexOf(":");
  if (colon >= 0) {
    const e = s.slice(0, colon);
    if (!EPOCH.test(e)) return undefined;
    epoch = e.replace(/^0+/, "");
    rest = s.slice(colon + 1);
  }
  const parts = rest.split("-");
  if (parts.length > 2) return undefined;
  const [version, release] = parts;
  if (version === undefined || !PART.test(version)) return undefined;
  if (release !== undefined && !PART.test(release)) return undefined;
  return {
    epoch,
    version: tokenize(version),
    release: release === undefined ? undefined : tokenize(release),
  };
}

/** Compare epoch, version, release with rpmvercmp; a missing release sorts first. */
export function compareRpm(a: RpmVersion, b: RpmVersion): number {
  const e = cmpDigits(a.epoch, b.epoch);
  if (e !== 0) return e;
  const v = rpmvercmp(a.version, b.version);
  if (v !== 0) return v;
  if (a.release === undefined || b.release === undefined) {
    return a.release === b.release ? 0 : a.release === undefined ? -1 : 1;
  }
  return rpmvercmp(a.release, b.release);
}

/** RPM package versions (Red Hat, AlmaLinux, Rocky, SUSE, Mageia, ...): rpmvercmp on EVR. */
export const rpmScheme: VersionScheme<RpmVersion> = {
  id: "rpm",
  title: "RPM EVR (rpmvercmp, rpm >= 4.15 with ~ and ^)",
  parse: parseRpm,
  compare: compareRpm,
};

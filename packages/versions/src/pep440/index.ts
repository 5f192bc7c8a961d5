import { compareKeys, natKey } from "../shared/sortable-key.ts";
import type { VersionScheme } from "../types.ts";

/** A parsed PEP 440 version. */
export interface Pep440Version {
  /** Sortable key: the whole PEP 440 order as one string compared with `<`. */
  readonly key: string;
  /** Normalized spelling (`1!2.0rc1.post0.dev3+ubuntu.1`). */
  readonly normalized: string;
  /** True for pre-releases and developmental releases (PEP 440 "pre-release" handling). */
  readonly isPrerelease: boolean;
}

/** Longest string we try to read; hostile input beyond this is simply invalid. */
const MAX_LENGTH = 256;

// PEP 440 "Appendix B" grammar including every accepted alternate spelling
// (https://packaging.python.org/en/latest/specifications/version-specifiers/#normalization).
const PATTERN = new RegExp(
  [
    "^v?",
    "(?:([0-9]+)!)?", // 1 epoch
    "([0-9]+(?:\\.[0-9]+)*)", // 2 release
    "(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?", // 3,4 pre
    "(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?", // 5 implicit post, 6,7 post
    "(?:[-_.]?(dev)[-_.]?([0-9]+)?)?", // 8,9 dev
    "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$", // 10 local
  ].join(""),
);

// Python's str.strip()/regex \s whitespace, which packaging strips; it differs from
// JavaScript's trim() (U+001C..U+001F and U+0085 are spaces there, U+FEFF is not).
const PY_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && PY_SPACE.has(s.charCodeAt(a))) a++;
  while (b > a && PY_SPACE.has(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

const PRE_LETTER: Record<string, string> = {
  a: "a",
  alpha: "a",
  b: "b",
  beta: "b",
  c: "rc",
  rc: "rc",
  pre: "rc",
  preview: "rc",
};

function toInt(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 0x30) i++;
  return i === 0 ? digits : digits.slice(i);
}

/**
 * Parse a PEP 440 version the way `packaging.version.Version` does (case-insensitive,
 * surrounding whitespace and a leading `v` allowed). Legacy, non-PEP 440 strings give
 * `undefined`.
 */
export function parsePep440(s: string): Pep440Version | undefined {
  if (typeof s !== "string" || s.length > MAX_LENGTH) return undefined;
  // Lower-casing only ASCII mirrors packaging: its letters are ASCII, and
  // non-ASCII case folds (e.g. U+212A KELVIN SIGN) must not sneak in.
  const text = pyStrip(s).replace(/[A-Z]/g, (c) => c.toLowerCase());
  const m = PATTERN.exec(text);
  if (m === null) return undefined;
  const epoch = toInt(m[1] ?? "0");
  const release = (m[2] ?? "0").split(".").map(toInt);
  const preLetter = m[3] === undefined ? undefined : PRE_LETTER[m[3]];
  const preNum = toInt(m[4] ?? "0");
  const post = m[5] !== undefined ? toInt(m[5]) : m[6] !== undefined ? toInt(m[7] ?? "0") : undefined;
  const dev = m[8] === undefined ? undefined : toInt(m[9] ?? "0");
  const local = m[10] === undefined ? undefined : m[10].split(/[-_.]/);

  // Key fields follow packaging's _cmpkey: release without trailing zeros; a dev
  // release of a final (no pre, no post) sorts before all its pre-releases; no post
  // sorts before any post; no dev after any dev; no local before any local, and in a
  // local a number beats text.
  let end = release.length;
  while (end > 0 && release[end - 1] === "0") end--;
  let key = natKey(epoch);
  for (let i = 0; i < end; i++) key += `\x02${natKey(release[i] ?? "0")}`;
  key += "\x01";
  if (preLetter !== undefined) key += `\x02${preLetter === "rc" ? "c" : preLetter}${natKey(preNum)}`;
  else key += post === undefined && dev !== undefined ? "\x01" : "\x03";
  key += post === undefined ? "\x01" : `\x02${natKey(post)}`;
  key += dev === undefined ? "\x03" : `\x02${natKey(dev)}`;
  if (local === undefined) key += "\x01";
  else {
    key += "\x02";
    for (const seg of local) key += /^[0-9]+$/.test(seg) ? `\x03${natKey(seg)}` : `\x02${seg}\x00`;
    key += "\x01";
  }

  let normalized = epoch === "0" ? "" : `${epoch}!`;
  normalized += release.join(".");
  if (preLetter !== undefined) normalized += preLetter + preNum;
  if (post !== undefined) normalized += `.post${post}`;
  if (dev !== undefined) normalized += `.dev${dev}`;
  if (local !== undefined) normalized += `+${local.map((x) => (/^[0-9]+$/.test(x) ? toInt(x) : x)).join(".")}`;
  return { key, normalized, isPrerelease: preLetter !== undefined || dev !== undefined };
}

/** PEP 440 version order for PyPI, as packaging.version.Version sorts. */
export const pep440Scheme: VersionScheme<Pep440Version> = {
  id: "pep440",
  title: "PEP 440 / Python version specifiers (packaging.version)",
  parse: parsePep440,
  compare: (a, b) => compareKeys(a.key, b.key),
};

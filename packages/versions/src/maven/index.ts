import type { VersionScheme } from "../types.ts";

/**
 * One item of a parsed Maven version, as Maven's ComparableVersion models it:
 * a number, a qualifier string, or a nested list opened by `-` or by a
 * digit/letter transition.
 */
export type MavenItem =
  | { readonly kind: "num"; readonly digits: string }
  | { readonly kind: "str"; readonly value: string }
  | { readonly kind: "list"; readonly items: readonly MavenItem[] };

/** A parsed Maven version: the top-level item list. */
export interface MavenVersion {
  readonly items: readonly MavenItem[];
}

/** Longest string we try to read; hostile input beyond this is simply invalid. */
const MAX_LENGTH = 256;

// ComparableVersion's qualifier ranks, compared as strings; unknown qualifiers become
// "7-<qualifier>" so they sort after all known ones, lexically among themselves.
const QUALIFIER_RANK: ReadonlyMap<string, string> = new Map([
  ["alpha", "0"],
  ["beta", "1"],
  ["milestone", "2"],
  ["rc", "3"],
  ["snapshot", "4"],
  ["", "5"],
  ["sp", "6"],
]);
const RELEASE_RANK = "5";

function rank(q: string): string {
  return QUALIFIER_RANK.get(q) ?? `7-${q}`;
}

function cmpStr(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 0x30) i++;
  return i === 0 ? digits : digits.slice(i);
}

function cmpNum(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : cmpStr(a, b);
}

/**
 * A qualifier as ComparableVersion stores it: a single letter directly followed by
 * digits abbreviates alpha/beta/milestone (`a1` = alpha-1), and ga/final/release
 * mean the release itself (""), cr means rc.
 */
function qualifier(q: string, followedByDigit: boolean): MavenItem {
  let v = q;
  if (followedByDigit && q.length === 1) {
    if (q === "a") v = "alpha";
    else if (q === "b") v = "beta";
    else if (q === "m") v = "milestone";
  }
  if (v === "ga" || v === "final" || v === "release") v = "";
  else if (v === "cr") v = "rc";
  return { kind: "str", value: v };
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function item(digit: boolean, token: string): MavenItem {
  return digit ? { kind: "num", digits: stripZeros(token) } : qualifier(token, false);
}

function isNull(it: MavenItem): boolean {
  if (it.kind === "num") return it.digits === "0";
  if (it.kind === "str") return it.value === "";
  return it.items.length === 0;
}

/**
 * Drop trailing "null" items (0, "", empty lists); nested lists are skipped over, so
 * `1.0-0.0` keeps its inner zeros only where something non-null follows them.
 */
function normalize(list: MavenItem[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const it = list[i];
    if (it === undefined) continue;
    if (isNull(it)) list.splice(i, 1);
    else if (it.kind !== "list") break;
  }
}

/**
 * Tokenize like ComparableVersion.parseVersion (Maven 3.9.6): `.` separates items;
 * `-` and every digit/letter transition open a nested list; a qualifier ending the
 * version after `.` is treated as if it followed `-` (`1.0.0.rc1` = `1-rc-1`).
 */
function tokenize(version: string): MavenItem[] {
  const root: MavenItem[] = [];
  let list = root;
  const stack: MavenItem[][] = [root];
  const open = (): void => {
    const child: MavenItem[] = [];
    list.push({ kind: "list", items: child });
    list = child;
    stack.push(child);
  };
  let digit = false;
  let start = 0;
  for (let i = 0; i < version.length; i++) {
    const c = version.charCodeAt(i);
    if (c === 0x2e /* . */ || c === 0x2d /* - */) {
      list.push(i === start ? { kind: "num", digits: "0" } : item(digit, version.slice(start, i)));
      start = i + 1;
      if (c === 0x2d) open();
    } else if (isDigitCode(c)) {
      if (!digit && i > start) {
        if (list.length > 0) open();
        list.push(qualifier(version.slice(start, i), true));
        start = i;
        open();
      }
      digit = true;
    } else {
      if (digit && i > start) {
        list.push(item(true, version.slice(start, i)));
        start = i;
        open();
      }
      digit = false;
    }
  }
  if (version.length > start) {
    if (!digit && list.length > 0) open();
    list.push(item(digit, version.slice(start)));
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const l = stack[i];
    if (l !== undefined) normalize(l);
  }
  return root;
}

/** Compare an item with a missing one (the padding of a shorter list). */
function compareToMissing(a: MavenItem): number {
  if (a.kind === "num") return a.digits === "0" ? 0 : 1;
  if (a.kind === "str") return cmpStr(rank(a.value), RELEASE_RANK);
  for (const it of a.items) {
    const r = compareToMissing(it);
    if (r !== 0) return r;
  }
  return 0;
}

function compareLists(a: readonly MavenItem[], b: readonly MavenItem[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    const r = x === undefined ? (y === undefined ? 0 : -compareToMissing(y)) : compareItems(x, y);
    if (r !== 0) return r;
  }
  return 0;
}

/** ComparableVersion's item order: number > list > qualifier across kinds. */
function compareItems(a: MavenItem, b: MavenItem | undefined): number {
  if (b === undefined) return compareToMissing(a);
  if (a.kind === "num") return b.kind === "num" ? cmpNum(a.digits, b.digits) : 1;
  if (a.kind === "str") return b.kind === "str" ? cmpStr(rank(a.value), rank(b.value)) : -1;
  if (b.kind === "list") return compareLists(a.items, b.items);
  return b.kind === "num" ? -1 : 1;
}

/**
 * Parse a Maven version. Nearly any string is a Maven version; we refuse only the
 * empty string, strings over 256 characters, and anything outside printable ASCII or
 * containing whitespace (no real Maven coordinate has them, and ComparableVersion's
 * Unicode digit and case rules would otherwise have to be reproduced).
 */
export function parseMaven(s: string): MavenVersion | undefined {
  if (typeof s !== "string" || s.length === 0 || s.length > MAX_LENGTH) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return undefined;
  }
  return { items: tokenize(s.toLowerCase()) };
}

/** Canonical form as ComparableVersion.getCanonical prints it (for docs and debugging). */
export function mavenCanonical(v: MavenVersion): string {
  const show = (items: readonly MavenItem[]): string => {
    let out = "";
    for (const item of items) {
      if (out.length > 0) out += item.kind === "list" ? "-" : ".";
      out += item.kind === "num" ? item.digits : item.kind === "str" ? item.value : show(item.items);
    }
    return out;
  };
  return show(v.items);
}

/** Maven version order (org.apache.maven.artifact.versioning.ComparableVersion, Maven 3.9). */
export const mavenScheme: VersionScheme<MavenVersion> = {
  id: "maven",
  title: "Maven ComparableVersion (Maven 3.9.6)",
  parse: parseMaven,
  compare: (a, b) => compareLists(a.items, b.items),
};

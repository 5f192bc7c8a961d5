import type { VersionScheme } from "../types.ts";

/** A parsed NuGet version (NuGet.Versioning.NuGetVersion). */
export interface NuGetVersion {
  /** Major, Minor, Patch, Revision; missing parts are 0. */
  readonly parts: readonly [number, number, number, number];
  /** Release labels (`-beta.1` → `["beta", "1"]`); empty for a release. */
  readonly labels: readonly string[];
  /** Labels upper-cased, for NuGet's case-insensitive (OrdinalIgnoreCase) comparison. */
  readonly labelsUpper: readonly string[];
  /** Numeric value of each label when .NET `int.TryParse` would read it, else `undefined`. */
  readonly labelNumbers: readonly (number | undefined)[];
  /** Build metadata (after `+`); never affects the order. */
  readonly metadata: string;
}

/** Longest string we try to read; hostile input beyond this is simply invalid. */
const MAX_LENGTH = 256;
const INT32_MAX = 2147483647;

// A version part as System.Version reads it inside NuGet: decimal digits (leading zeros
// allowed) fitting in a non-negative Int32. .NET would also skip whitespace around a
// part; we refuse that (no real package uses it).
const PART = /^[0-9]+$/;
// NuGet's IsValidPart: letters, digits and '-', not empty, no leading zero on an
// all-digit label.
const LABEL = /^(?:0|[1-9][0-9]*|(?![0-9]+$)[0-9A-Za-z-]+)$/;
const META = /^[0-9A-Za-z-]+$/;
// What .NET int.TryParse accepts in a label NuGet already validated: an optional
// minus sign and digits (so "-1" is the number -1, as in NuGet).
const INT_LABEL = /^-?[0-9]+$/;

function toPart(digits: string): number | undefined {
  if (!PART.test(digits)) return undefined;
  const n = Number(digits.length > 12 ? digits.replace(/^0+(?=.)/, "") : digits);
  return n <= INT32_MAX ? n : undefined;
}

function labelNumber(label: string): number | undefined {
  if (!INT_LABEL.test(label)) return undefined;
  const n = Number(label);
  // Digits beyond Int32 make int.TryParse fail, and NuGet then compares them as text.
  return n >= -2147483648 && n <= INT32_MAX ? n : undefined;
}

/**
 * Parse like NuGetVersion.TryParse: surrounding whitespace trimmed, 1 to 4 numeric
 * parts, optional `-label.label` and `+metadata`. No `v` prefix (NuGet rejects it).
 */
export function parseNuGet(s: string): NuGetVersion | undefined {
  if (typeof s !== "string" || s.length > MAX_LENGTH) return undefined;
  const text = s.trim();
  // NuGet splits at the first '-' or '+' for the version part, then at the next '+'.
  const dash = text.search(/[-+]/);
  const core = dash < 0 ? text : text.slice(0, dash);
  let pre = "";
  let meta: string | undefined;
  if (dash >= 0) {
    if (text[dash] === "+") meta = text.slice(dash + 1);
    else {
      const plus = text.indexOf("+", dash + 1);
      pre = plus < 0 ? text.slice(dash + 1) : text.slice(dash + 1, plus);
      if (plus >= 0) meta = text.slice(plus + 1);
      if (pre === "") return undefined;
    }
  }
  if (core === "") return undefined;
  const raw = core.split(".");
  if (raw.length > 4) return undefined;
  const parts: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < raw.length; i++) {
    const n = toPart(raw[i] ?? "");
    if (n === undefined) return undefined;
    parts[i] = n;
  }
  const labels = pre === "" ? [] : pre.split(".");
  for (const l of labels) if (!LABEL.test(l)) return undefined;
  if (meta !== undefined && !meta.split(".").every((m) => META.test(m))) return undefined;
  return {
    parts,
    labels,
    labelsUpper: labels.map((l) => l.toUpperCase()),
    labelNumbers: labels.map(labelNumber),
    metadata: meta ?? "",
  };
}

function compareLabel(a: NuGetVersion, b: NuGetVersion, i: number): number {
  const x = a.labelNumbers[i];
  const y = b.labelNumbers[i];
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  const s = a.labelsUpper[i] ?? "";
  const t = b.labelsUpper[i] ?? "";
  return s === t ? 0 : s < t ? -1 : 1;
}

/** NuGet's VersionComparer.Default: numbers, then release before prerelease labels; metadata ignored. */
export function compareNuGet(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  const la = a.labels.length;
  const lb = b.labels.length;
  if (la === 0 || lb === 0) return la === lb ? 0 : la === 0 ? 1 : -1;
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    const r = compareLabel(a, b, i);
    if (r !== 0) return r;
  }
  return la - lb;
}

/** NuGet package version order (NuGet.Versioning). */
export const nugetScheme: VersionScheme<NuGetVersion> = {
  id: "nuget",
  title: "NuGet versions (NuGet.Versioning, SemVer 2.0 with a 4th part)",
  parse: parseNuGet,
  compare: compareNuGet,
};

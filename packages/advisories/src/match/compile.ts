import type { OsvAffected, OsvRange } from "@bulwark/core";
import { type AnyVersionScheme, schemeById } from "@bulwark/versions";

/** What an event does: open the range, close it at the version, or close it after the version. */
export const EventKind = { Introduced: 0, Fixed: 1, LastAffected: 2 } as const;

/** One of {@link EventKind}'s values. */
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** One parsed event; `v` undefined = introduced "0", before every version. */
interface CompiledEvent {
  readonly kind: EventKind;
  readonly v: unknown;
}

/** A range made ready for evaluation, or the reason it cannot be evaluated. */
export type CompiledRange =
  | {
      readonly kind: "ordered";
      readonly index: number;
      readonly scheme: AnyVersionScheme;
      /** Events sorted by version; equal versions keep the record's order (a stable sort, as in the schema). */
      readonly events: readonly CompiledEvent[];
      /** Parsed `limit` values; empty = no limit (`*`). `null` entry = an explicit `*`. */
      readonly limits: readonly unknown[];
    }
  | { readonly kind: "git"; readonly index: number }
  | { readonly kind: "invalid"; readonly index: number; readonly reason: string };

/** An `affected[]` entry compiled once for many evaluations. */
export interface CompiledAffected {
  readonly versions: ReadonlySet<string>;
  readonly ranges: readonly CompiledRange[];
  readonly scheme: AnyVersionScheme | undefined;
  /** Set when the ecosystem has no scheme, so ECOSYSTEM ranges cannot be judged. */
  readonly schemeMissingReason: string | undefined;
  /** Parsed `versions[]`, built on first use, for scheme-equal matches (PyPI `1.0` == `1.0.0`). */
  parsedVersions: unknown[] | undefined;
}

const SEMVER = schemeById("semver");

/**
 * Compile one range: parse every event once and sort the events, so evaluation is the
 * OSV schema's walk over sorted events with no parsing. Inputs are never mutated.
 */
function compileRange(
  range: OsvRange,
  index: number,
  ecosystemScheme: AnyVersionScheme | undefined,
  semverScheme: AnyVersionScheme | undefined,
  ecosystem: string,
): CompiledRange {
  if (range.type === "GIT") return { kind: "git", index };
  if (range.type !== "SEMVER" && range.type !== "ECOSYSTEM") {
    return { kind: "invalid", index, reason: `range type ${JSON.stringify(range.type)} is not supported` };
  }
  const scheme = range.type === "SEMVER" ? (semverScheme ?? ecosystemScheme) : ecosystemScheme;
  if (scheme === undefined) {
    return { kind: "invalid", index, reason: `no version ordering is known for ecosystem ${ecosystem}` };
  }
  const raw = Array.isArray(range.events) ? range.events : [];
  const events: CompiledEvent[] = [];
  const limits: unknown[] = [];
  let hasIntroduced = false;
  for (const ev of raw) {
    if (typeof ev !== "object" || ev === null) continue;
    const [key, text] = Object.entries(ev)[0] ?? [];
    if (typeof text !== "string") continue;
    if (key === "introduced" && text === "0") {
      hasIntroduced = true;
      events.push({ kind: EventKind.Introduced, v: undefined });
      continue;
    }
    if (key === "limit" && text.includes("*")) {
      limits.push(null);
      continue;
    }
    if (key !== "introduced" && key !== "fixed" && key !== "last_affected" && key !== "limit") continue;
    const v = scheme.parse(text);
    if (v === undefined) {
      return { kind: "invalid", index, reason: `${key} version ${JSON.stringify(text)} is not valid in ${scheme.id}` };
    }
    if (key === "limit") limits.push(v);
    else if (key === "introduced") {
      hasIntroduced = true;
      events.push({ kind: EventKind.Introduced, v });
    } else events.push({ kind: key === "fixed" ? EventKind.Fixed : EventKind.LastAffected, v });
  }
  if (!hasIntroduced) return { kind: "invalid", index, reason: "range has no introduced event" };
  // Array.prototype.sort is stable: events at equal versions keep the record's order, which
  // is what the schema's `sorted(range.events)` does (a record may re-introduce at a fix).
  events.sort((a, b) =>
    a.v === undefined ? (b.v === undefined ? 0 : -1) : b.v === undefined ? 1 : scheme.compare(a.v, b.v),
  );
  return { kind: "ordered", index, scheme, events, limits };
}

/**
 * Compile an `affected[]` entry against the scheme of its ecosystem (`undefined` when
 * the ecosystem has none; `SEMVER` ranges always use SemVer 2.0, `semverScheme`, which a
 * caller may pass wrapped, e.g. with a parse cache).
 */
export function compileAffected(
  affected: OsvAffected,
  scheme: AnyVersionScheme | undefined,
  semverScheme: AnyVersionScheme | undefined = SEMVER,
): CompiledAffected {
  const ecosystem = affected.package?.ecosystem ?? "(none)";
  const ranges = (Array.isArray(affected.ranges) ? affected.ranges : []).map((r, i) =>
    compileRange(r, i, scheme, semverScheme, ecosystem),
  );
  const versions = new Set(
    (Array.isArray(affected.versions) ? affected.versions : []).filter((v) => typeof v === "string"),
  );
  return {
    versions,
    ranges,
    scheme,
    schemeMissingReason: scheme === undefined ? `no version ordering is known for ecosystem ${ecosystem}` : undefined,
    parsedVersions: undefined,
  };
}

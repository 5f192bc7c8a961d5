import type { OsvAffected } from "@bulwark/core";
import type { AnyVersionScheme } from "@bulwark/versions";
import { type CompiledAffected, type CompiledRange, compileAffected, EventKind } from "./compile.ts";
import { type AffectedVerdict, NOT_AFFECTED } from "./verdict.ts";

function inRange(range: Extract<CompiledRange, { kind: "ordered" }>, v: unknown): boolean {
  const cmp = range.scheme.compare;
  if (range.limits.length > 0) {
    // BeforeLimits: below at least one limit (`*` is infinity).
    let below = false;
    for (const l of range.limits) {
      if (l === null || cmp.call(range.scheme, v, l) < 0) {
        below = true;
        break;
      }
    }
    if (!below) return false;
  }
  // The schema's walk: the last event at or below v decides. Events are sorted, so the
  // walk stops at the first event above v.
  let vulnerable = false;
  for (const ev of range.events) {
    const c = ev.v === undefined ? 1 : cmp.call(range.scheme, v, ev.v);
    if (c < 0) break;
    if (ev.kind === EventKind.Introduced) vulnerable = true;
    else if (ev.kind === EventKind.Fixed) vulnerable = false;
    else if (c > 0) vulnerable = false; // last_affected: v itself is still affected
  }
  return vulnerable;
}

/** The version being judged, parsed at most once per scheme however many entries it meets. */
export class VersionUnderTest {
  readonly text: string;
  readonly #parsed = new Map<AnyVersionScheme, unknown>();

  constructor(text: string) {
    this.text = text;
  }

  /** The version parsed by `scheme` (`undefined` when invalid there). */
  parsedBy(scheme: AnyVersionScheme): unknown {
    if (this.#parsed.has(scheme)) return this.#parsed.get(scheme);
    const v = scheme.parse(this.text);
    this.#parsed.set(scheme, v);
    return v;
  }
}

function inVersionsList(compiled: CompiledAffected, version: string, parsed: unknown): boolean {
  if (compiled.versions.has(version)) return true;
  const scheme = compiled.scheme;
  if (scheme === undefined || parsed === undefined || compiled.versions.size === 0) return false;
  if (compiled.parsedVersions === undefined) {
    // Sorted once, so later look-ups are a binary search, not a scan of long lists.
    const list: unknown[] = [];
    for (const s of compiled.versions) {
      const p = scheme.parse(s);
      if (p !== undefined) list.push(p);
    }
    list.sort((x, y) => scheme.compare(x, y));
    compiled.parsedVersions = list;
  }
  const list = compiled.parsedVersions;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = scheme.compare(parsed, list[mid]);
    if (c === 0) return true;
    if (c < 0) hi = mid - 1;
    else lo = mid + 1;
  }
  return false;
}

/**
 * Evaluate a compiled entry. Every range is evaluated (a GIT range is skipped for
 * version matching, never a reason to stop); `affected` wins over `undetermined`,
 * which wins over `not-affected`.
 */
export function evaluateCompiled(compiled: CompiledAffected, version: string | VersionUnderTest): AffectedVerdict {
  const v = typeof version === "string" ? new VersionUnderTest(version) : version;
  const ecoParsed = compiled.scheme === undefined ? undefined : v.parsedBy(compiled.scheme);
  if (inVersionsList(compiled, v.text, ecoParsed)) return { status: "affected", by: "versions" };

  let undetermined: string | undefined;
  let onlyGit = compiled.ranges.length > 0;
  for (const range of compiled.ranges) {
    if (range.kind === "git") continue;
    onlyGit = false;
    if (range.kind === "invalid") {
      undetermined ??= range.reason;
      continue;
    }
    const parsed = range.scheme === compiled.scheme ? ecoParsed : v.parsedBy(range.scheme);
    if (parsed === undefined) {
      undetermined ??= `version ${JSON.stringify(v.text)} is not valid in ${range.scheme.id}`;
      continue;
    }
    if (inRange(range, parsed)) return { status: "affected", by: "range", rangeIndex: range.index };
  }
  if (undetermined !== undefined) return { status: "undetermined", reason: undetermined };
  if (onlyGit && compiled.versions.size === 0) {
    return {
      status: "undetermined",
      reason: "the advisory gives only GIT commit ranges and no versions list; version matching is impossible",
    };
  }
  return NOT_AFFECTED;
}

/**
 * Is `version` affected by one OSV `affected[]` entry, judged with `scheme` (the
 * ecosystem's ordering; `undefined` when the ecosystem has none)? Pure: never throws,
 * never mutates its inputs. Implements the OSV schema's evaluation exactly.
 */
export function isAffected(
  version: string,
  affected: OsvAffected,
  scheme: AnyVersionScheme | undefined,
): AffectedVerdict {
  try {
    return evaluateCompiled(compileAffected(affected, scheme), version);
  } catch (e) {
    // A scheme bug must not take the scan down; it becomes an explained verdict.
    return { status: "undetermined", reason: `evaluation failed: ${(e as Error).message}` };
  }
}

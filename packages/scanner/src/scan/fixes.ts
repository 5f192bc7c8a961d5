import { type CompiledAffected, evaluateCompiled, VersionUnderTest } from "@bulwark/advisories";
import type { OsvAffected } from "@bulwark/core";
import { type AnyVersionScheme, schemeForEcosystem } from "@bulwark/versions";

/** The `fixed` versions of an entry's non-GIT ranges (what a user can upgrade to). */
export function fixedEvents(affected: OsvAffected): string[] {
  const out: string[] = [];
  for (const range of affected.ranges ?? []) {
    if (range.type === "GIT") continue;
    for (const e of range.events ?? []) if (typeof e.fixed === "string" && e.fixed !== "") out.push(e.fixed);
  }
  return out;
}

/** Sort versions with a scheme, smallest first, dropping duplicates and versions it cannot parse. */
export function sortVersions(versions: Iterable<string>, scheme: AnyVersionScheme | undefined): string[] {
  const unique = [...new Set(versions)];
  if (scheme === undefined) return unique.sort();
  const parsed = unique.flatMap((v) => {
    const p = scheme.parse(v);
    return p === undefined ? [] : [{ v, p }];
  });
  parsed.sort((a, b) => scheme.compare(a.p, b.p));
  return parsed.map((x) => x.v);
}

/** Whether `a` > `b` in the scheme (false when either is unparsable). */
function greater(scheme: AnyVersionScheme, a: string, b: string): boolean {
  const pa = scheme.parse(a);
  const pb = scheme.parse(b);
  return pa !== undefined && pb !== undefined && scheme.compare(pa, pb) > 0;
}

/** The fixed versions above the installed one, smallest first. */
export function fixesAbove(ecosystem: string, installed: string, entries: readonly OsvAffected[]): string[] {
  const scheme = schemeForEcosystem(ecosystem);
  const all = entries.flatMap(fixedEvents);
  if (scheme === undefined) return [...new Set(all)].sort();
  return sortVersions(all, scheme).filter((v) => greater(scheme, v, installed));
}

/**
 * The smallest candidate version that no entry of any finding calls affected: the one upgrade
 * that fixes everything fixable. `undefined` when no candidate does. Candidates below the
 * largest "first fix" of any finding cannot fix that finding, so they are skipped unevaluated.
 */
export function smallestFix(
  scheme: AnyVersionScheme | undefined,
  candidates: readonly string[],
  firstFixes: readonly string[],
  findingsEntries: readonly (readonly CompiledAffected[])[],
): string | undefined {
  const sorted = sortVersions(candidates, scheme);
  const floor = sortVersions(firstFixes, scheme).at(-1);
  const start = floor === undefined ? 0 : Math.max(0, sorted.indexOf(floor));
  for (let i = start; i < sorted.length; i++) {
    const v = new VersionUnderTest(sorted[i] as string);
    const clean = findingsEntries.every((entries) =>
      entries.every((entry) => evaluateCompiled(entry, v).status === "not-affected"),
    );
    if (clean) return sorted[i];
  }
  return undefined;
}

/**
 * Whether upgrading `from` to `to` changes the leading release number (after a Debian/RPM epoch),
 * the usual sign of breaking changes; for 0.x versions the second number counts, as SemVer says.
 */
export function crossesMajor(from: string, to: string): boolean {
  const lead = (v: string): [string, string] => {
    const noEpoch = v.replace(/^\d+:/, "").replace(/^v/, "");
    const parts = noEpoch.split(/[.\-+~_]/);
    return [parts[0] ?? "", parts[1] ?? ""];
  };
  const [fa, fb] = lead(from);
  const [ta, tb] = lead(to);
  if (fa !== ta) return true;
  return fa === "0" && fb !== tb;
}

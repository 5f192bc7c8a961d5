import { purlToSpelledPackage, type SpelledPurlPackage } from "@bulwark/versions";
import type { ExtractedPackage, ExtractInput, ExtractNote, ExtractResult, Relation, Scope } from "../../types.ts";
import { makePackage, note } from "../results.ts";

const EXAMPLES_IN_NOTE = 3;

/** The first of `purls` that names a package Bulwark knows, with what it maps to. */
export interface MappedPurl {
  readonly purl: string;
  readonly mapped: SpelledPurlPackage;
}

/**
 * The first purl Bulwark can map to an ecosystem package. `pkg:github` names a repository, not a
 * GitHub Action (those are `pkg:githubactions`), so it is never matched against the Actions advisories.
 */
export function firstMappable(purls: readonly string[]): MappedPurl | undefined {
  for (const purl of purls) {
    if (/^pkg:\/*github\//i.test(purl)) continue;
    const mapped = purlToSpelledPackage(purl);
    if (mapped !== undefined) return { purl, mapped };
  }
  return undefined;
}

interface Merged {
  fields: Omit<ExtractedPackage, "locations" | "relation" | "scope">;
  lines: (number | undefined)[];
  relation?: Relation;
  scope?: Scope;
}

/**
 * The packages of one SBOM, whatever its format: one per (ecosystem, name, version) with their
 * lines merged, plus the entries that had no purl Bulwark can map, reported in one note.
 */
export class SbomPackages {
  readonly #merged = new Map<string, Merged>();
  readonly #unmapped: string[] = [];

  /** Record an entry that has no mappable purl; `label` names it in the note. */
  unmapped(label: string): void {
    this.#unmapped.push(label);
  }

  /** Record one entry. Direct anywhere makes it direct; two different scopes say nothing certain, so none is kept. */
  add(found: MappedPurl, version: string, line: number | undefined, relation?: Relation, scope?: Scope): void {
    const { ecosystem, name } = found.mapped;
    const key = `${ecosystem}\0${name}\0${version}`;
    const seen = this.#merged.get(key);
    if (seen === undefined) {
      // Matching folds names (`pretty-env-logger`, lower-case Maven); inventories keep the registry's spelling.
      const fields = { ecosystem, name: found.mapped.spelledName, version, purl: found.purl };
      this.#merged.set(key, { fields, lines: [line], relation, scope });
      return;
    }
    if (!seen.lines.includes(line)) seen.lines.push(line);
    if (relation === "direct") seen.relation = "direct";
    // Needed at run time anywhere means needed at run time.
    if (scope !== seen.scope) seen.scope = undefined;
  }

  /** The result: the merged packages, and `notes` with the unmapped entries (called `noun`s) added. */
  result(input: ExtractInput, notes: ExtractNote[], noun: string): ExtractResult {
    const unmapped = this.#unmapped;
    if (unmapped.length > 0) {
      const examples = unmapped.slice(0, EXAMPLES_IN_NOTE).join(", ");
      const more = unmapped.length > EXAMPLES_IN_NOTE ? ", …" : "";
      const subject = `${unmapped.length} ${noun}${unmapped.length === 1 ? " has" : "s have"}`;
      notes.push(
        note(
          input,
          "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
          `${subject} no package URL Bulwark can map (${examples}${more})`,
        ),
      );
    }
    const packages = [...this.#merged.values()].map((m) =>
      makePackage({
        ...m.fields,
        locations: m.lines.map((line) => (line === undefined ? { path: input.path } : { path: input.path, line })),
        relation: m.relation,
        scope: m.scope,
      }),
    );
    return { packages, notes };
  }
}

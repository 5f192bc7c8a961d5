import { packageToPurl } from "@bulwark/versions";
import { makePackage, type PackageFields } from "../../shared/index.ts";
import type { ExtractedPackage, Relation, Scope } from "../../types.ts";
import type { ConanReference } from "./reference.ts";

/**
 * purl-spec conan: the user is the namespace and the channel a qualifier; packageurl-js accepts
 * one only with the other, so a reference with a user but no channel gets a plain purl.
 */
function purlOf(ref: ConanReference): string | undefined {
  const both = ref.user !== undefined && ref.channel !== undefined;
  return packageToPurl("ConanCenter", both ? `${ref.user}/${ref.name}` : ref.name, ref.version, {
    channel: both ? ref.channel : undefined,
    rrev: ref.revision,
  });
}

interface Seen {
  readonly ref: ConanReference;
  readonly lines: (number | undefined)[];
  relation?: Relation;
  scope?: Scope;
}

/**
 * Gathers references found in one lockfile into packages: the same name and version (a tool that
 * is both a host and a build requirement, say) becomes one package whose locations are merged;
 * it is `direct` if any occurrence is, and loses its `dev` scope if any occurrence is not dev.
 */
export class ConanCollector {
  readonly #seen = new Map<string, Seen>();

  add(ref: ConanReference, line: number | undefined, relation?: Relation, scope?: Scope): void {
    const id = `${ref.name}/${ref.version}@${ref.user ?? ""}/${ref.channel ?? ""}`;
    const old = this.#seen.get(id);
    if (old === undefined) {
      this.#seen.set(id, { ref, lines: [line], relation, scope });
      return;
    }
    old.lines.push(line);
    if (relation === "direct" || old.relation === undefined) old.relation = relation ?? old.relation;
    if (scope === undefined) old.scope = undefined;
  }

  packages(path: string): ExtractedPackage[] {
    return [...this.#seen.values()].map(({ ref, lines, relation, scope }) => {
      const unique = [...new Set(lines)];
      const fields: PackageFields = {
        ecosystem: "ConanCenter",
        name: ref.name,
        version: ref.version,
        locations: unique.map((line) => (line === undefined ? { path } : { path, line })),
        relation,
        scope,
        purl: purlOf(ref),
      };
      return makePackage(fields);
    });
  }
}

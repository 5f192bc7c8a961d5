import { makePackage } from "../../shared/index.ts";
import type { ExtractedPackage, PackageLocation, Relation, Scope } from "../../types.ts";

interface Entry {
  readonly name: string;
  readonly version: string;
  readonly locations: PackageLocation[];
  relation: Relation | undefined;
  scope: Scope | undefined;
}

/**
 * Gathers the packages of one lockfile so that each (name, version) appears once. When one
 * version is installed in several places, `direct` wins over `transitive` and a production
 * install (no scope) wins over dev/optional/peer: the package ships if any copy does.
 */
export class PackageCollector {
  readonly #path: string;
  readonly #entries = new Map<string, Entry>();

  constructor(path: string) {
    this.#path = path;
  }

  add(name: string, version: string, line: number | undefined, relation?: Relation, scope?: Scope): void {
    const key = `${name}@${version}`;
    const location: PackageLocation = line === undefined ? { path: this.#path } : { path: this.#path, line };
    const seen = this.#entries.get(key);
    if (seen === undefined) {
      this.#entries.set(key, { name, version, locations: [location], relation, scope });
      return;
    }
    if (!seen.locations.some((l) => l.line === location.line)) seen.locations.push(location);
    if (relation === "direct" || (seen.relation === undefined && relation !== undefined)) seen.relation = relation;
    if (scope === undefined) seen.scope = undefined;
  }

  packages(): ExtractedPackage[] {
    return [...this.#entries.values()].map((e) =>
      makePackage({
        ecosystem: "npm",
        name: e.name,
        version: e.version,
        locations: e.locations,
        relation: e.relation,
        scope: e.scope,
      }),
    );
  }
}

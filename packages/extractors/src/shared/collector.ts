import type { ExtractedPackage, PackageLocation, Relation, Scope } from "../types.ts";
import { makePackage } from "./results.ts";

interface Entry {
  readonly name: string;
  readonly version: string;
  readonly purl: string | undefined;
  readonly locations: PackageLocation[];
  relation: Relation | undefined;
  scope: Scope | undefined;
}

/** What tells two occurrences of a package apart, and the purl to give it when the default is not right. */
export interface PackageIdentity {
  /** Occurrences with the same key are one package; `name@version` when not given. */
  readonly key?: string;
  /** The purl of the package; built from ecosystem, name and version when not given. */
  readonly purl?: string;
}

/**
 * Gathers the packages of one lockfile so that each (name, version) appears once. When one
 * version is installed in several places, `direct` wins over `transitive` and a production
 * install (no scope) wins over dev/optional/peer: the package ships if any copy does. The
 * first occurrence gives the package its spelling and purl.
 */
export class PackageCollector {
  readonly #path: string;
  readonly #ecosystem: string;
  readonly #entries = new Map<string, Entry>();

  /** Collect packages of `ecosystem` found in the file at `path`. */
  constructor(path: string, ecosystem: string) {
    this.#path = path;
    this.#ecosystem = ecosystem;
  }

  /** Record one occurrence of a package, at `line` when known. */
  add(
    name: string,
    version: string,
    line: number | undefined,
    relation?: Relation,
    scope?: Scope,
    identity?: PackageIdentity,
  ): void {
    const key = identity?.key ?? `${name}@${version}`;
    const location: PackageLocation = line === undefined ? { path: this.#path } : { path: this.#path, line };
    const seen = this.#entries.get(key);
    if (seen === undefined) {
      this.#entries.set(key, { name, version, purl: identity?.purl, locations: [location], relation, scope });
      return;
    }
    if (!seen.locations.some((l) => l.line === location.line)) seen.locations.push(location);
    if (relation === "direct" || (seen.relation === undefined && relation !== undefined)) seen.relation = relation;
    if (scope === undefined) seen.scope = undefined;
  }

  /** The packages collected so far, in the order they were first seen. */
  packages(): ExtractedPackage[] {
    return [...this.#entries.values()].map((e) =>
      makePackage({
        ecosystem: this.#ecosystem,
        name: e.name,
        version: e.version,
        locations: e.locations,
        relation: e.relation,
        scope: e.scope,
        purl: e.purl,
      }),
    );
  }
}

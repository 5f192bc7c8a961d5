import type { ExtractedPackage, PackageLocation, Relation, Scope } from "@bulwark/extractors";

// Scope precedence when one package is seen several times: needed at run time beats optional beats dev.
const SCOPE_RANK: Record<string, number> = { prod: 0, optional: 1, peer: 2, dev: 3 };

function strongerScope(a: Scope | undefined, b: Scope | undefined): Scope | undefined {
  return (SCOPE_RANK[a ?? "prod"] ?? 0) <= (SCOPE_RANK[b ?? "prod"] ?? 0) ? a : b;
}

function strongerRelation(a: Relation | undefined, b: Relation | undefined): Relation | undefined {
  if (a === "direct" || b === "direct") return "direct";
  return a ?? b;
}

function sameLocation(a: PackageLocation, b: PackageLocation): boolean {
  return a.path === b.path && a.line === b.line;
}

/**
 * Merges packages found in several files into one entry per (ecosystem, name, version, purl),
 * keeping every location, the strongest relation (direct) and scope (prod), the lowest layer.
 */
export class PackageMerger {
  readonly #byKey = new Map<string, ExtractedPackage>();

  /** Add packages (in file order). */
  add(packages: Iterable<ExtractedPackage>): void {
    for (const p of packages) {
      const key = `${p.ecosystem}\u0000${p.name}\u0000${p.version}\u0000${p.purl ?? ""}`;
      const seen = this.#byKey.get(key);
      if (seen === undefined) {
        this.#byKey.set(key, p);
        continue;
      }
      const locations = [...seen.locations];
      for (const l of p.locations) if (!locations.some((x) => sameLocation(x, l))) locations.push(l);
      const merged: Record<string, unknown> = {
        ...seen,
        locations,
        relation: strongerRelation(seen.relation, p.relation),
        scope: strongerScope(seen.scope, p.scope),
        sourceName: seen.sourceName ?? p.sourceName,
        sourceVersion: seen.sourceVersion ?? p.sourceVersion,
        layer: seen.layer ?? p.layer,
      };
      for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
      this.#byKey.set(key, merged as unknown as ExtractedPackage);
    }
  }

  /** The merged packages, sorted by ecosystem, name, version. */
  packages(): ExtractedPackage[] {
    return [...this.#byKey.values()].sort(
      (a, b) => cmp(a.ecosystem, b.ecosystem) || cmp(a.name, b.name) || cmp(a.version, b.version),
    );
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import type { ExtractedPackage, ExtractNote, Inventory, PackageLocation } from "@bulwark/extractors";

// Plain code-unit comparison, not localeCompare: the order must not depend on the machine's locale.
function cmp(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

function compareLocations(a: PackageLocation, b: PackageLocation): number {
  return cmp(a.path, b.path) || cmp(a.line, b.line);
}

/** Locations in path, line order. */
export function sortedLocations(locations: readonly PackageLocation[]): PackageLocation[] {
  return [...locations].sort(compareLocations);
}

function locationsKey(pkg: ExtractedPackage): string {
  return sortedLocations(pkg.locations)
    .map((l) => `${l.path}\u0000${l.line ?? ""}`)
    .join("\u0001");
}

/**
 * Ecosystem, name, version; the remaining fields only break ties between entries of the same
 * package (found in two files, or two image layers) so the order never depends on input order.
 */
export function comparePackages(a: ExtractedPackage, b: ExtractedPackage): number {
  return (
    cmp(a.ecosystem, b.ecosystem) ||
    cmp(a.name, b.name) ||
    cmp(a.version, b.version) ||
    cmp(a.purl, b.purl) ||
    cmp(locationsKey(a), locationsKey(b)) ||
    cmp(a.layer, b.layer) ||
    cmp(a.relation, b.relation) ||
    cmp(a.scope, b.scope) ||
    cmp(a.sourceName, b.sourceName) ||
    cmp(a.sourceVersion, b.sourceVersion)
  );
}

/** The inventory's packages in render order. */
export function sortedPackages(inv: Inventory): ExtractedPackage[] {
  return [...inv.packages].sort(comparePackages);
}

/** The inventory's notes in path, line, code, message order. */
export function sortedNotes(inv: Inventory): ExtractNote[] {
  return [...inv.notes].sort(
    (a, b) => cmp(a.path, b.path) || cmp(a.line, b.line) || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
}

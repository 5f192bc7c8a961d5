import type { ExtractedPackage, ExtractNote, Inventory, InventorySource } from "@bulwark/extractors";
import { sortedLocations, sortedNotes, sortedPackages } from "../shared/order.ts";
import { purlOf } from "../shared/package-facts.ts";
import type { InventoryWriter } from "../types.ts";

// Fixed key order (and no undefined keys) so the same inventory always gives the same bytes.
function packageRecord(pkg: ExtractedPackage): Record<string, unknown> {
  return {
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    version: pkg.version,
    purl: purlOf(pkg),
    locations: sortedLocations(pkg.locations).map((l) => ({ path: l.path, line: l.line })),
    layer: pkg.layer,
    relation: pkg.relation,
    // `prod` is the default and is left out, as the extractors' contract says.
    scope: pkg.scope === "prod" ? undefined : pkg.scope,
    sourceName: pkg.sourceName,
    sourceVersion: pkg.sourceVersion,
  };
}

function noteRecord(note: ExtractNote): Record<string, unknown> {
  return { code: note.code, path: note.path, message: note.message, line: note.line };
}

function sourceRecord(source: InventorySource): Record<string, unknown> {
  const image = source.image;
  return {
    kind: source.kind,
    path: source.path,
    image:
      image === undefined
        ? undefined
        : {
            tags: [...image.tags],
            id: image.id,
            os: image.os,
            architecture: image.architecture,
            layers: [...image.layers],
          },
  };
}

/** The inventory as Bulwark models it: sources, packages and notes (schema: `inventory.schema.json`). */
export function inventoryDocument(inv: Inventory): Record<string, unknown> {
  return {
    sources: inv.sources.map(sourceRecord),
    packages: sortedPackages(inv).map(packageRecord),
    notes: sortedNotes(inv).map(noteRecord),
  };
}

/** Bulwark's native inventory JSON, every field of the inventory kept. */
export const jsonWriter: InventoryWriter = {
  format: "json",
  mediaType: "application/json",
  fileExtension: ".json",
  // No timestamp or tool field: the native inventory is a pure function of what was found.
  render(inv) {
    return `${JSON.stringify(inventoryDocument(inv), null, 2)}\n`;
  },
};

/** @bulwark/extractors: read inventories from lockfiles, manifests, package databases and SBOMs. */

export { EXTRACTORS, extractorByName, extractorsFor } from "./registry.ts";
export type { RootReader } from "./shared/input.ts";
export { makeExtractInput, resolveRelative } from "./shared/input.ts";
export { type OsFamily, osEcosystemFor, parseOsRelease } from "./shared/os-release.ts";
export type {
  ExtractedPackage,
  ExtractInput,
  ExtractNote,
  Extractor,
  ExtractResult,
  Inventory,
  InventorySource,
  PackageLocation,
  Relation,
  ScanContext,
  Scope,
} from "./types.ts";

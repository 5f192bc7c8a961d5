/** @bulwark/scanner: walks a directory or a container image and runs the extractors over it. */

export * from "./image/index.ts";
export type { BuildInventoryOptions } from "./inventory/build-inventory.ts";
export { buildInventory } from "./inventory/build-inventory.ts";
export type { ExtractSourceOptions, SourceInventory } from "./inventory/extract-source.ts";
export { extractFromSource, readScanContext } from "./inventory/extract-source.ts";
export { PackageMerger } from "./inventory/merge.ts";
export { extractorsForNamedFile } from "./inventory/single-file.ts";
export { crossesMajor, fixesAbove, smallestFix } from "./scan/fixes.ts";
export type { ScanKnowledge } from "./scan/knowledge.ts";
export { priorityOf, severityRank } from "./scan/priority.ts";
export type { ScanOptions } from "./scan/scan.ts";
export { scanInventory } from "./scan/scan.ts";
export type { EntryKind, SourceEntry, SourceFs } from "./source-fs.ts";
export * from "./suppress/index.ts";
export type { EscapedLink } from "./walk/directory-source.ts";
export { DirectorySource } from "./walk/directory-source.ts";
export type { IgnoreOptions } from "./walk/ignore-rules.ts";
export { DEFAULT_SKIPPED_DIRS, IgnoreRules } from "./walk/ignore-rules.ts";
export type { WalkedFile, WalkOptions } from "./walk/walk.ts";
export { walkFiles } from "./walk/walk.ts";

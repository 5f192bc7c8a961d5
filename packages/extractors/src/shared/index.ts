// What extractor folders may import besides ../../types.ts and @bulwark/core.
export type { RootReader } from "./input.ts";
export { makeExtractInput, resolveRelative } from "./input.ts";
export { LineIndex, lineOfFirst } from "./lines.ts";
export { type OsFamily, osEcosystemFor, osReleaseFor, parseOsRelease } from "./os-release.ts";
export { baseName, dirName, hasDirSegment } from "./paths.ts";
export type { PackageFields } from "./results.ts";
export { errorMessage, makePackage, note, noteOnly } from "./results.ts";

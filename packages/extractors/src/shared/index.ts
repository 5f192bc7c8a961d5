// What extractor folders may import besides ../../types.ts and @bulwark/core.

export { PackageCollector, type PackageIdentity } from "./collector.ts";
export { ForwardLineFinder } from "./forward-lines.ts";
export type { RootReader } from "./input.ts";
export { makeExtractInput, resolveRelative } from "./input.ts";
export { InstalledPackages } from "./installed-packages.ts";
export { isJsonObject, type JsonObject, type JsonObjectRead, readJsonObject } from "./json.ts";
export { LineIndex, lineOfFirst } from "./lines.ts";
export { type OsFamily, osEcosystemFor, osReleaseFor, parseOsRelease } from "./os-release.ts";
export { baseName, dirName, hasDirSegment } from "./paths.ts";
export type { PackageFields } from "./results.ts";
export { errorMessage, makePackage, note, noteOnly } from "./results.ts";
export { arrayTableHeaderLines, isTomlTable, readTomlTable, type TomlRead, type TomlTable } from "./toml.ts";
export { readYamlDocument, type YamlRead } from "./yaml.ts";

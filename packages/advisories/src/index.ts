/** @bulwark/advisories: OSV matching (pure), name and purl rules, ports and importers. */

// Name and purl rules live with the ecosystems in @bulwark/versions; re-exported for callers of this package.
export type { PurlPackage } from "@bulwark/versions";
export { normalizePackageName, purlToPackage, purlToPackageOrThrow } from "@bulwark/versions";
export { osvDigest } from "./importers/digest.ts";
export type { EpssFile, EpssScore } from "./importers/epss.ts";
export { isGzip, parseEpss } from "./importers/epss.ts";
export type { KevCatalog, KevEntry } from "./importers/kev.ts";
export { looksLikeKev, parseKev } from "./importers/kev.ts";
export type { ParsedOsvRecord } from "./importers/osv-record.ts";
export { isImportProblem, osvRecordProblem, parseOsvJson } from "./importers/osv-record.ts";
export type { OsvBatch } from "./importers/osv-zip.ts";
export { iterateOsvZip, parseOsvBytes, readOsvZip } from "./importers/osv-zip.ts";
export type { PreparedAffected, PreparedOsvRecord } from "./importers/prepare.ts";
export { ensurePrepared, prepareOsvRecord } from "./importers/prepare.ts";
export type { ImportProblem } from "./importers/problems.ts";
export type { ZipEntry, ZipLimits } from "./importers/zip.ts";
export { DEFAULT_ZIP_LIMITS, iterateZipEntries, readZipEntries } from "./importers/zip.ts";
export type { AliasGroup, AliasSource } from "./match/aliases.ts";
export { groupByAliases } from "./match/aliases.ts";
export type { CompiledAffected, CompiledRange } from "./match/compile.ts";
export { compileAffected } from "./match/compile.ts";
export { baseEcosystem, ecosystemApplies } from "./match/ecosystem-match.ts";
export { evaluateCompiled, isAffected, VersionUnderTest } from "./match/is-affected.ts";
export type { AdvisoryHit, MatcherOptions, PackageMatch } from "./match/matcher.ts";
export { Matcher } from "./match/matcher.ts";
export type { AffectedBy, AffectedVerdict } from "./match/verdict.ts";
export type { AdvisoryStore, AffectedRow } from "./ports.ts";

/** @bulwark/versions: version schemes for every OSV ecosystem and the registry that picks one. */

export type { EcosystemInfo } from "./ecosystems.ts";
export { canonicalBaseName, ECOSYSTEMS, ecosystemInfo, splitEcosystem } from "./ecosystems.ts";
export { normalizePackageName } from "./names.ts";
export type { PurlPackage, PurlQualifiers } from "./purl.ts";
export {
  DEBIAN_CODENAMES,
  osEcosystem,
  packageToPurl,
  purlToPackage,
  purlToPackageOrThrow,
  ubuntuEcosystem,
} from "./purl.ts";
export { SCHEMES, schemeById, schemeForEcosystem } from "./registry.ts";
export type { AnyVersionScheme, VersionScheme } from "./types.ts";

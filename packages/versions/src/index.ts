/** @bulwark/versions: version schemes for every OSV ecosystem and the registry that picks one. */

export type { EcosystemInfo } from "./ecosystems.ts";
export { canonicalBaseName, ECOSYSTEMS, ecosystemInfo, splitEcosystem } from "./ecosystems.ts";
export { normalizePackageName } from "./names.ts";
export type { PurlPackage, PurlQualifiers, SpelledPurlPackage } from "./purl.ts";
export {
  DEBIAN_CODENAMES,
  osEcosystem,
  packageToPurl,
  purlToPackage,
  purlToPackageOrThrow,
  purlToSpelledPackage,
  ubuntuEcosystem,
} from "./purl.ts";
export { SCHEMES, schemeById, schemeForEcosystem } from "./registry.ts";
export type { AnyVersionScheme, VersionScheme } from "./types.ts";

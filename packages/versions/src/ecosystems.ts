/**
 * Every OSV ecosystem (ossf/osv-schema `ecosystems.json`) and the version scheme
 * that orders its versions. Suffixes (`Debian:12`, `Ubuntu:22.04:LTS`,
 * `Maven:https://maven.google.com`) select a release or repository, never a
 * different ordering, so the scheme is chosen by the base name.
 */

/** How one OSV ecosystem maps to a version scheme. */
export interface EcosystemInfo {
  /** The base ecosystem name as OSV spells it. */
  readonly name: string;
  /** The scheme id, or `undefined` when versions in this ecosystem cannot be ordered. */
  readonly scheme: string | undefined;
  /** Why this scheme (or why none). */
  readonly note: string;
}

/** The ecosystem table. Order follows ecosystems.json. */
export const ECOSYSTEMS: readonly EcosystemInfo[] = [
  { name: "AlmaLinux", scheme: "rpm", note: "source RPMs; rpmvercmp" },
  { name: "Alpaquita", scheme: "apk", note: "BellSoft Alpaquita uses apk-tools" },
  { name: "Alpine", scheme: "apk", note: "apk-tools version ordering" },
  { name: "Android", scheme: undefined, note: "Android advisories use GIT ranges and security patch levels" },
  { name: "Azure Linux", scheme: "rpm", note: "RPM based" },
  { name: "BellSoft Hardened Containers", scheme: "apk", note: "built on Alpaquita (apk)" },
  { name: "Bioconductor", scheme: "cran", note: "R package versions" },
  { name: "Bitnami", scheme: "semver", note: "Bitnami vulndb uses SEMVER ranges" },
  { name: "Chainguard", scheme: "apk", note: "Wolfi-based, apk-tools ordering" },
  { name: "CleanStart", scheme: "apk", note: "apk-based distribution" },
  { name: "ConanCenter", scheme: "semver", note: "SemVer-like Conan versions" },
  { name: "CRAN", scheme: "cran", note: "R package_version ordering" },
  { name: "crates.io", scheme: "semver", note: "Cargo uses SemVer 2.0" },
  { name: "Debian", scheme: "dpkg", note: "dpkg --compare-versions" },
  { name: "Docker Hardened Images", scheme: undefined, note: "mixed base distributions; no single ordering" },
  { name: "Echo", scheme: undefined, note: "ordering not specified by OSV" },
  { name: "FreeBSD", scheme: undefined, note: "pkg(8) ordering not implemented yet" },
  { name: "GHC", scheme: "hackage", note: "GHC versions are numeric like Hackage's" },
  { name: "GitHub Actions", scheme: "semver", note: "release tags in SemVer" },
  { name: "Go", scheme: "go", note: "Go module versions (golang.org/x/mod/semver)" },
  { name: "Hackage", scheme: "hackage", note: "Haskell PVP: Data.Version ordering" },
  { name: "Hex", scheme: "semver", note: "Hex uses SemVer 2.0" },
  { name: "Julia", scheme: "semver", note: "Julia registries use SemVer" },
  { name: "Kubernetes", scheme: "go", note: "Go module versions" },
  { name: "Linux", scheme: undefined, note: "kernel advisories use GIT ranges" },
  { name: "Mageia", scheme: "rpm", note: "RPM based" },
  { name: "Maven", scheme: "maven", note: "Maven ComparableVersion" },
  { name: "MinimOS", scheme: "apk", note: "apk-based distribution" },
  { name: "npm", scheme: "semver", note: "node-semver ordering" },
  { name: "NuGet", scheme: "nuget", note: "NuGet SemVer 2.0 with a fourth component" },
  { name: "opam", scheme: "dpkg", note: "opam orders versions like Debian" },
  { name: "openEuler", scheme: "rpm", note: "RPM based" },
  { name: "openSUSE", scheme: "rpm", note: "RPM versioncompare (OSV ecosystems.json)" },
  { name: "OSS-Fuzz", scheme: undefined, note: "OSS-Fuzz records use GIT ranges only" },
  { name: "Packagist", scheme: "packagist", note: "Composer version normalisation" },
  { name: "Photon OS", scheme: "rpm", note: "RPM based" },
  { name: "Pub", scheme: "pub", note: "Dart pub_semver" },
  { name: "PyPI", scheme: "pep440", note: "PEP 440" },
  { name: "Red Hat", scheme: "rpm", note: "RPM NEVRA ordering" },
  { name: "Rocky Linux", scheme: "rpm", note: "RPM based" },
  { name: "Root", scheme: undefined, note: "resolved through the base distribution or package manager in the suffix" },
  { name: "RubyGems", scheme: "rubygems", note: "Gem::Version" },
  { name: "SUSE", scheme: "rpm", note: "RPM versioncompare (OSV ecosystems.json)" },
  { name: "SwiftURL", scheme: "semver", note: "Git tags in SemVer 2.0" },
  { name: "TuxCare", scheme: "rpm", note: "TuxCare ELS packages are RPMs" },
  { name: "Ubuntu", scheme: "dpkg", note: "dpkg --compare-versions" },
  { name: "VSCode", scheme: "semver", note: "extension versions are SemVer" },
  { name: "Wolfi", scheme: "apk", note: "apk-tools ordering" },
];

const BY_LOWER = new Map(ECOSYSTEMS.map((e) => [e.name.toLowerCase(), e]));

/**
 * Split an OSV ecosystem string into its base and suffix.
 * `Debian:12` → ["Debian", "12"]; `Maven:https://x` → ["Maven", "https://x"].
 */
export function splitEcosystem(ecosystem: string): { base: string; suffix: string | undefined } {
  const i = ecosystem.indexOf(":");
  return i < 0
    ? { base: ecosystem, suffix: undefined }
    : { base: ecosystem.slice(0, i), suffix: ecosystem.slice(i + 1) };
}

/**
 * Look up an ecosystem by name, suffix allowed, case-insensitively.
 * `Root:Alpine:3.18` resolves to Alpine and `Root:PyPI` to PyPI, since Root's suffix
 * names the ecosystem whose versions it republishes.
 */
export function ecosystemInfo(ecosystem: string): EcosystemInfo | undefined {
  const { base, suffix } = splitEcosystem(ecosystem.trim());
  const info = BY_LOWER.get(base.toLowerCase());
  if (info?.name === "Root" && suffix !== undefined) return ecosystemInfo(suffix);
  return info;
}

/**
 * The canonical spelling of an ecosystem's base name (`debian:12` → `Debian`,
 * `Root:Alpine:3.18` → `Root`), or the input's base when the ecosystem is unknown.
 */
export function canonicalBaseName(ecosystem: string): string {
  const { base } = splitEcosystem(ecosystem.trim());
  return BY_LOWER.get(base.toLowerCase())?.name ?? base;
}

import { canonicalBaseName } from "./ecosystems.ts";

/**
 * Normalise a package name the way its ecosystem compares names, so that an
 * advisory written as `Django` matches an installed `django`, a crate `foo_bar`
 * matches `foo-bar`, and Maven names are always `groupId:artifactId`.
 *
 * Ecosystems whose registries are case-sensitive (npm, Go, RubyGems, Hackage,
 * CRAN, OS packages) keep their case: folding it would merge distinct packages.
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  const base = canonicalBaseName(ecosystem);
  const n = name.trim();
  switch (base) {
    case "PyPI":
      // PEP 503: runs of -, _ and . are equivalent, comparison is case-insensitive.
      return n.toLowerCase().replace(/[-_.]+/g, "-");
    case "crates.io":
      // crates.io treats - and _ as the same name, case-insensitively.
      return n.toLowerCase().replace(/_/g, "-");
    case "Maven":
      // Some sources write group/artifact (purl style); OSV uses group:artifact.
      return n.replace("/", ":").toLowerCase();
    case "NuGet":
    case "Packagist":
    case "Pub":
    case "Hex":
    case "GitHub Actions":
    case "Bitnami":
    case "ConanCenter":
    case "VSCode":
      return n.toLowerCase();
    case "SwiftURL":
      return n
        .toLowerCase()
        .replace(/^[a-z+]+:\/\//, "")
        .replace(/\.git$/, "")
        .replace(/\/+$/, "");
    case "Go":
      // Module paths are case-sensitive; a trailing slash is never part of one.
      return n.replace(/\/+$/, "");
    default:
      return n;
  }
}

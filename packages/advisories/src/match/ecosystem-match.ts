import { canonicalBaseName, splitEcosystem } from "@bulwark/versions";

/** Ecosystems whose suffix names a package repository rather than a release. */
const REPOSITORY_SUFFIX = new Set(["Maven", "Packagist", "VSCode"]);

/** The default repository each repository-suffixed ecosystem assumes (OSV ecosystems.json). */
const DEFAULT_REPOSITORY: Record<string, string> = {
  Maven: "https://repo.maven.apache.org/maven2",
  Packagist: "https://packagist.org",
  VSCode: "https://marketplace.visualstudio.com/vscode",
};

/** Canonical base name of an ecosystem (`debian:12` → `Debian`), or the input's base when unknown. */
export function baseEcosystem(ecosystem: string): string {
  return canonicalBaseName(ecosystem);
}

function normalizeSuffix(base: string, suffix: string | undefined): string | undefined {
  if (suffix === undefined || suffix === "") return undefined;
  let s = suffix.trim();
  if (REPOSITORY_SUFFIX.has(base)) {
    s = s.replace(/\/+$/, "");
    return s === DEFAULT_REPOSITORY[base] ? undefined : s;
  }
  if (base === "Alpine") s = s.replace(/^v/i, "");
  // `Ubuntu:22.04:LTS` and `Ubuntu:22.04` name the same release; Pro stays distinct.
  if (base === "Ubuntu") s = s.replace(/:LTS$/i, "");
  return s.toLowerCase();
}

/**
 * Whether an advisory's `affected[].package.ecosystem` applies to a package's ecosystem.
 *
 * - Bases must be equal (case-insensitively).
 * - An advisory without a suffix applies to every release/repository of its ecosystem.
 * - A release-scoped advisory (`Debian:12`) applies to packages of that release, and to
 *   packages whose release is unknown (plain `Debian`): reporting is safer than silence.
 * - A repository-scoped advisory (`Maven:https://maven.google.com`) applies only to
 *   packages from that repository; a plain `Maven` package comes from Maven Central.
 */
export function ecosystemApplies(advisoryEcosystem: string, packageEcosystem: string): boolean {
  const a = splitEcosystem(advisoryEcosystem);
  const p = splitEcosystem(packageEcosystem);
  const aBase = baseEcosystem(a.base);
  const pBase = baseEcosystem(p.base);
  if (aBase.toLowerCase() !== pBase.toLowerCase()) return false;
  const aSuffix = normalizeSuffix(aBase, a.suffix);
  if (aSuffix === undefined) return true;
  const pSuffix = normalizeSuffix(pBase, p.suffix);
  if (pSuffix === undefined) return !REPOSITORY_SUFFIX.has(aBase);
  return aSuffix === pSuffix;
}

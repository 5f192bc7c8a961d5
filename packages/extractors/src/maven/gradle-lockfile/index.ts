import { baseName, makePackage, note } from "../../shared/index.ts";
import type { ExtractedPackage, ExtractInput, Extractor, ExtractResult, Scope } from "../../types.ts";
import { isDevConfiguration } from "./configurations.ts";

const ECOSYSTEM = "Maven";
const ROOT_NAMES = new Set(["gradle.lockfile", "buildscript-gradle.lockfile"]);
const LEGACY_DIR = "gradle/dependency-locks/";

function isLegacyLockfile(path: string): boolean {
  return path.endsWith(".lockfile") && (path.startsWith(LEGACY_DIR) || path.includes(`/${LEGACY_DIR}`));
}

function extractFrom(input: ExtractInput, text: string): ExtractResult {
  const name = baseName(input.path);
  const buildTooling = name.startsWith("buildscript-");
  // Gradle < 6 wrote one file per configuration under gradle/dependency-locks/, lines without `=`.
  const fileConfiguration = ROOT_NAMES.has(name) ? undefined : name.slice(0, -".lockfile".length);
  const found = new Map<string, ExtractedPackage>();
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("empty=")) return;
    const eq = line.indexOf("=");
    const coordinates = eq < 0 ? line : line.slice(0, eq);
    const configurations = eq < 0 ? [fileConfiguration ?? ""] : line.slice(eq + 1).split(",");
    const parts = coordinates.split(":");
    const [group, artifact, version] = parts;
    if (parts.length !== 3 || !group || !artifact || !version || (eq < 0 && fileConfiguration === undefined)) {
      bad.push(i + 1);
      return;
    }
    const scope: Scope | undefined =
      buildTooling || configurations.every((c) => isDevConfiguration(c.trim())) ? "dev" : undefined;
    const pkgName = `${group}:${artifact}`;
    const key = `${pkgName}@${version}`;
    const location = { path: input.path, line: i + 1 };
    const seen = found.get(key);
    if (seen) {
      found.set(key, { ...seen, locations: [...seen.locations, location] });
      return;
    }
    found.set(key, makePackage({ ecosystem: ECOSYSTEM, name: pkgName, version, locations: [location], scope }));
  });
  const [first] = bad;
  const notes =
    first === undefined
      ? []
      : [
          note(
            input,
            "BULWARK_EXTRACT_PARSE_FAILED",
            `${bad.length} line(s) are not group:artifact:version=configurations`,
            first,
          ),
        ];
  return { packages: [...found.values()], notes };
}

/** Gradle dependency lock files: `gradle.lockfile`, `buildscript-gradle.lockfile`, legacy per-configuration files. */
export const gradleLockfileExtractor: Extractor = {
  name: "maven/gradle-lockfile",
  description:
    "Gradle dependency locks (gradle.lockfile, buildscript-gradle.lockfile, gradle/dependency-locks/*.lockfile)",
  fileRequired: (path) => ROOT_NAMES.has(baseName(path)) || isLegacyLockfile(path),
  detect: (head) => head.includes("# This is a Gradle generated file for dependency locking."),
  async extract(input) {
    return extractFrom(input, input.text());
  },
};

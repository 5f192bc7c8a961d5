import { baseName, makePackage, note, noteOnly } from "../../shared/index.ts";
import { arrayTableHeaderLines, isTomlTable, readTomlTable } from "../../shared/toml.ts";
import type { ExtractedPackage, ExtractNote, Extractor, ExtractResult, Scope } from "../../types.ts";

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);

function nameKey(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * Scope from the package's marker: a marker that names only non-default dependency groups is dev,
 * one that names only extras is optional. Markers are not evaluated beyond that.
 */
function scopeOf(marker: unknown, defaultGroups: readonly string[]): Scope | undefined {
  if (typeof marker !== "string") return undefined;
  const groups = [...marker.matchAll(/["']([^"']+)["']\s+in\s+dependency_groups/g)].map((m) => m[1] ?? "");
  if (groups.length > 0) return groups.some((g) => defaultGroups.includes(g)) ? undefined : "dev";
  return /\bin\s+extras\b/.test(marker) ? "optional" : undefined;
}

/** Reads PEP 751 lock files (`pylock.toml`, `pylock.<name>.toml`, lock-version 1.x). */
export const pylockExtractor: Extractor = {
  name: "pypi/pylock",
  description: "PEP 751 lock files (pylock.toml, pylock.*.toml)",
  fileRequired: (path) => {
    const name = baseName(path);
    return name === "pylock.toml" || (name.startsWith("pylock.") && name.endsWith(".toml"));
  },
  async extract(input): Promise<ExtractResult> {
    const text = input.text();
    const read = readTomlTable(input, text, "pylock");
    if (read.failed) return read.failed;
    const doc = read.doc;
    const lockVersion = doc["lock-version"];
    if (typeof lockVersion !== "string" || lockVersion.split(".")[0] !== "1") {
      return noteOnly(input, "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", `pylock lock-version ${String(lockVersion)}`);
    }
    if (doc.packages !== undefined && !Array.isArray(doc.packages)) {
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "pylock: `packages` is not an array of tables");
    }
    const defaultGroups = strings(doc["default-groups"]);
    const lines = arrayTableHeaderLines(text, "packages");
    const packages = new Map<string, ExtractedPackage>();
    const notes: ExtractNote[] = [];
    for (const [i, pkg] of ((doc.packages ?? []) as unknown[]).entries()) {
      const line = lines[i];
      if (!isTomlTable(pkg) || typeof pkg.name !== "string") {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", "a [[packages]] entry has no name", line));
        continue;
      }
      // A local directory is the project or one of its own packages: not inventoried.
      if (isTomlTable(pkg.directory)) continue;
      if (typeof pkg.version !== "string") {
        // The spec lets VCS and archive packages omit the version.
        notes.push(note(input, "BULWARK_EXTRACT_UNPINNED", `${pkg.name} has no version`, line));
        continue;
      }
      const key = `${nameKey(pkg.name)}@${pkg.version}`;
      const location = line === undefined ? { path: input.path } : { path: input.path, line };
      const seen = packages.get(key);
      if (seen !== undefined) {
        packages.set(key, { ...seen, locations: [...seen.locations, location] });
        continue;
      }
      packages.set(
        key,
        makePackage({
          ecosystem: "PyPI",
          name: pkg.name,
          version: pkg.version,
          locations: [location],
          scope: scopeOf(pkg.marker, defaultGroups),
        }),
      );
    }
    return { packages: [...packages.values()], notes };
  },
};

import { baseName, makePackage, note, noteOnly } from "../../shared/index.ts";
import { arrayTableHeaderLines, isTomlTable, readTomlTable } from "../../shared/toml.ts";
import type { ExtractedPackage, ExtractNote, Extractor, ExtractResult } from "../../types.ts";

/** Lock-file major versions written by PDM 2.x (3.x were the first PDM 2 locks, 4.x the current ones). */
const SUPPORTED_LOCK_MAJORS = new Set(["3", "4"]);

function nameKey(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** Reads `pdm.lock` (lock_version 3.x/4.x); a package outside the `default` group is dev. */
export const pdmLockExtractor: Extractor = {
  name: "pypi/pdm-lock",
  description: "PDM lockfiles (pdm.lock, lock_version 3.x and 4.x)",
  fileRequired: (path) => baseName(path) === "pdm.lock",
  async extract(input): Promise<ExtractResult> {
    const text = input.text();
    const read = readTomlTable(input, text, "pdm.lock");
    if (read.failed) return read.failed;
    const doc = read.doc;
    const lockVersion = isTomlTable(doc.metadata) ? doc.metadata.lock_version : undefined;
    if (typeof lockVersion === "string" && !SUPPORTED_LOCK_MAJORS.has(lockVersion.split(".")[0] ?? "")) {
      return noteOnly(input, "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", `pdm.lock lock_version ${lockVersion}`);
    }
    if (doc.package !== undefined && !Array.isArray(doc.package)) {
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "pdm.lock: `package` is not an array of tables");
    }
    const lines = arrayTableHeaderLines(text, "package");
    const packages = new Map<string, ExtractedPackage>();
    const notes: ExtractNote[] = [];
    for (const [i, pkg] of ((doc.package ?? []) as unknown[]).entries()) {
      const line = lines[i];
      if (!isTomlTable(pkg) || typeof pkg.name !== "string" || typeof pkg.version !== "string") {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", "a [[package]] entry lacks a name or version", line));
        continue;
      }
      // `path` entries are the project itself or local packages: not inventoried.
      if (typeof pkg.path === "string") continue;
      const key = `${nameKey(pkg.name)}@${pkg.version}`;
      if (packages.has(key)) continue;
      // Old locks name the groups `sections`; a lock without either says nothing about scope.
      const groups = Array.isArray(pkg.groups) ? pkg.groups : Array.isArray(pkg.sections) ? pkg.sections : undefined;
      const dev = groups !== undefined && groups.length > 0 && !groups.includes("default");
      packages.set(
        key,
        makePackage({
          ecosystem: "PyPI",
          name: pkg.name,
          version: pkg.version,
          locations: [line === undefined ? { path: input.path } : { path: input.path, line }],
          scope: dev ? "dev" : undefined,
        }),
      );
    }
    return { packages: [...packages.values()], notes };
  },
};

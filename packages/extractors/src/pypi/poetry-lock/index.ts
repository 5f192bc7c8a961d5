import { baseName, makePackage, note, noteOnly } from "../../shared/index.ts";
import { arrayTableHeaderLines, isTomlTable, readTomlTable, type TomlTable } from "../../shared/toml.ts";
import type { ExtractedPackage, Extractor, ExtractResult, Scope } from "../../types.ts";
import { directDependencyNames, nameKey } from "./pyproject.ts";

const decoder = new TextDecoder("utf-8", { fatal: false });

/** Lock-file major versions written by Poetry 1.0 to 2.x. */
const SUPPORTED_LOCK_MAJORS = new Set(["1", "2"]);

function scopeOf(pkg: TomlTable): Scope | undefined {
  // Poetry 1.x wrote `category = "dev"`; Poetry 2 lists the groups that pull the package in.
  const groups = Array.isArray(pkg.groups) ? pkg.groups : undefined;
  const dev = groups !== undefined ? groups.length > 0 && !groups.includes("main") : pkg.category === "dev";
  if (dev) return "dev";
  return pkg.optional === true ? "optional" : undefined;
}

/** Reads `poetry.lock` (lock-version 1.x and 2.x); relation comes from a sibling pyproject.toml. */
export const poetryLockExtractor: Extractor = {
  name: "pypi/poetry-lock",
  description: "Poetry lockfiles (poetry.lock, Poetry 1.x and 2.x)",
  fileRequired: (path) => baseName(path) === "poetry.lock",
  async extract(input): Promise<ExtractResult> {
    const text = input.text();
    const read = readTomlTable(input, text, "poetry.lock");
    if (read.failed) return read.failed;
    const doc = read.doc;
    const lockVersion = isTomlTable(doc.metadata) ? doc.metadata["lock-version"] : undefined;
    if (typeof lockVersion === "string" && !SUPPORTED_LOCK_MAJORS.has(lockVersion.split(".")[0] ?? "")) {
      return noteOnly(input, "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", `poetry.lock lock-version ${lockVersion}`);
    }
    if (doc.package !== undefined && !Array.isArray(doc.package)) {
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "poetry.lock: `package` is not an array of tables");
    }
    const pyproject = await input.readFile("pyproject.toml");
    const direct = pyproject === undefined ? undefined : directDependencyNames(decoder.decode(pyproject));
    const lines = arrayTableHeaderLines(text, "package");
    const packages = new Map<string, ExtractedPackage>();
    const notes = [];
    const entries = (doc.package ?? []) as unknown[];
    for (const [i, pkg] of entries.entries()) {
      const line = lines[i];
      if (!isTomlTable(pkg) || typeof pkg.name !== "string" || typeof pkg.version !== "string") {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", "a [[package]] entry lacks a name or version", line));
        continue;
      }
      // A directory source is the project itself or a sibling path package: not inventoried.
      if (isTomlTable(pkg.source) && pkg.source.type === "directory") continue;
      const key = `${nameKey(pkg.name)}@${pkg.version}`;
      if (packages.has(key)) continue;
      const inPyproject = direct?.has(nameKey(pkg.name));
      packages.set(
        key,
        makePackage({
          ecosystem: "PyPI",
          name: pkg.name,
          version: pkg.version,
          locations: [line === undefined ? { path: input.path } : { path: input.path, line }],
          relation: inPyproject === undefined ? undefined : inPyproject ? "direct" : "transitive",
          scope: scopeOf(pkg),
        }),
      );
    }
    return { packages: [...packages.values()], notes };
  },
};

import { isMap, isScalar, type LineCounter, type YAMLMap } from "yaml";
import { baseName, makePackage, note, noteOnly, type PackageFields } from "../../shared/index.ts";
import { readYamlDocument } from "../../shared/yaml.ts";
import type { ExtractedPackage, ExtractInput, ExtractNote, Extractor, ExtractResult } from "../../types.ts";

// `sdk` packages (flutter, flutter_test, sky_engine…) ship with the Flutter SDK and carry its
// placeholder version 0.0.0; `path` packages are the project's own code. Neither is on pub.dev.
const NOT_INVENTORIED = new Set(["sdk", "path"]);

type Kind = Pick<PackageFields, "relation" | "scope">;

const DEPENDENCY_KINDS: Record<string, Kind> = {
  "direct main": { relation: "direct" },
  "direct dev": { relation: "direct", scope: "dev" },
  "direct overridden": { relation: "direct" },
  transitive: { relation: "transitive" },
};

function scalarString(map: YAMLMap, key: string): string | undefined {
  const v = map.get(key, true);
  if (!isScalar(v)) return undefined;
  return v.value === null || v.value === undefined ? undefined : String(v.value);
}

function readPackages(input: ExtractInput, packages: YAMLMap, lines: LineCounter): ExtractResult {
  const out: ExtractedPackage[] = [];
  const notes: ExtractNote[] = [];
  for (const pair of packages.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const line = isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : undefined;
    if (key === undefined || !isMap(pair.value)) {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", "a packages entry is not a name: mapping pair", line));
      continue;
    }
    const entry = pair.value;
    const source = scalarString(entry, "source");
    if (source !== undefined && NOT_INVENTORIED.has(source)) continue;
    const version = scalarString(entry, "version");
    if (version === undefined || version === "") {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `package ${key} has no version`, line));
      continue;
    }
    const description = entry.get("description", true);
    const describedName = isMap(description) ? scalarString(description, "name") : undefined;
    const dependency = scalarString(entry, "dependency");
    const kind = dependency === undefined ? {} : (DEPENDENCY_KINDS[dependency] ?? {});
    out.push(
      makePackage({
        ecosystem: "Pub",
        // Hosted entries repeat the name in `description.name`; git entries name the package by key.
        name: source === "hosted" && describedName ? describedName : key,
        version,
        locations: [line === undefined ? { path: input.path } : { path: input.path, line }],
        ...kind,
      }),
    );
  }
  return { packages: out, notes };
}

/** Dart and Flutter `pubspec.lock`: hosted and git packages with their exact versions. */
export const pubspecLockExtractor: Extractor = {
  name: "dart/pubspec-lock",
  description: "Dart/Flutter pubspec.lock (hosted and git packages; SDK and path packages skipped)",
  fileRequired(path) {
    return baseName(path) === "pubspec.lock";
  },
  async extract(input) {
    const read = readYamlDocument(input, input.text());
    if (read.failed) return read.failed;
    const { doc, lines } = read;
    if (!isMap(doc.contents)) {
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "pubspec.lock is not a YAML mapping");
    }
    const packages = doc.contents.get("packages", true);
    if (packages === undefined || (isScalar(packages) && packages.value === null)) return { packages: [], notes: [] };
    if (!isMap(packages)) {
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "`packages` is not a mapping");
    }
    return readPackages(input, packages, lines);
  },
};

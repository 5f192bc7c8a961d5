import { PackageCollector } from "../../shared/collector.ts";
import { baseName, errorMessage, LineIndex, note, noteOnly } from "../../shared/index.ts";
import { isJsonObject } from "../../shared/json.ts";
import type { ExtractInput, ExtractNote, Extractor, ExtractResult, Relation } from "../../types.ts";

const ECOSYSTEM = "NuGet";
const KNOWN_VERSIONS = new Set([1, 2]);
const TYPES: Record<string, Relation | "local"> = {
  Direct: "direct",
  Transitive: "transitive",
  CentralTransitive: "transitive",
  Project: "local",
};

/** Offset of `"key": {` (NuGet's own formatting), or of `"key":` in a file formatted otherwise. */
function keyOffset(text: string, key: string, from: number): number {
  const quoted = JSON.stringify(key);
  const at = text.indexOf(`${quoted}: {`, from);
  return at >= 0 ? at : text.indexOf(`${quoted}:`, from);
}

function extractFrom(input: ExtractInput, text: string): ExtractResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `invalid JSON: ${errorMessage(err)}`);
  }
  if (!isJsonObject(doc) || !isJsonObject(doc.dependencies)) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "no `dependencies` object: not a NuGet packages.lock.json");
  }
  if (typeof doc.version !== "number" || !KNOWN_VERSIONS.has(doc.version)) {
    return noteOnly(input, "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", `packages.lock.json version ${String(doc.version)}`);
  }
  const index = new LineIndex(text);
  const notes: ExtractNote[] = [];
  const found = new PackageCollector(input.path, ECOSYSTEM);
  for (const [framework, entries] of Object.entries(doc.dependencies)) {
    if (!isJsonObject(entries)) {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `target ${framework} is not an object`));
      continue;
    }
    // Keys are searched in file order inside this target's block, so the same package in another target gets
    // its own line; `"Name": {` skips the `"Name": "1.0.0"` requirements nested in earlier entries.
    let cursor = keyOffset(text, framework, 0);
    for (const [name, entry] of Object.entries(entries)) {
      const at = cursor < 0 ? -1 : keyOffset(text, name, cursor);
      if (at >= 0) cursor = at + 1;
      const line = at < 0 ? undefined : index.lineOf(at);
      const kind = isJsonObject(entry) && typeof entry.type === "string" ? TYPES[entry.type] : undefined;
      if (!isJsonObject(entry) || kind === undefined) {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `${framework} ${name}: unknown or missing type`, line));
        continue;
      }
      if (kind === "local") continue;
      if (typeof entry.resolved !== "string" || entry.resolved === "") {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `${framework} ${name}: no resolved version`, line));
        continue;
      }
      // NuGet ids are case-insensitive: `Newtonsoft.JsonObject` and `newtonsoft.json` are one package,
      // direct if it is direct in any target framework.
      found.add(name, entry.resolved, line, kind, undefined, { key: `${name.toLowerCase()}@${entry.resolved}` });
    }
  }
  return { packages: found.packages(), notes };
}

/** NuGet `packages.lock.json` (lock file versions 1 and 2), every target framework. */
export const nugetPackagesLockExtractor: Extractor = {
  name: "nuget/packages-lock",
  description:
    "NuGet packages.lock.json (v1, v2): resolved packages of every target framework; Project entries skipped",
  fileRequired: (path) => baseName(path) === "packages.lock.json",
  detect: (head) => /"version"\s*:\s*[12]\s*,\s*"dependencies"\s*:/.test(head),
  async extract(input) {
    return extractFrom(input, input.text());
  },
};

import { parse } from "smol-toml";
import { baseName, errorMessage, LineIndex, lineOfFirst, makePackage, note, noteOnly } from "../../shared/index.ts";
import type { ExtractedPackage, ExtractNote, Extractor, ExtractResult } from "../../types.ts";

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === "object" && v !== null && !Array.isArray(v);
const decoder = new TextDecoder("utf-8", { fatal: false });
const SUPPORTED_SPEC = 6;
const SECTIONS = [
  { key: "default", pipfileTable: "packages", scope: undefined },
  { key: "develop", pipfileTable: "dev-packages", scope: "dev" as const },
];

function nameKey(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** Names the sibling Pipfile declares, or undefined when there is none (or it is not TOML). */
async function pipfileNames(
  readFile: (p: string) => Promise<Uint8Array | undefined>,
): Promise<Set<string> | undefined> {
  const bytes = await readFile("Pipfile");
  if (bytes === undefined) return undefined;
  try {
    const doc = parse(decoder.decode(bytes)) as Table;
    const names = new Set<string>();
    for (const { pipfileTable } of SECTIONS) {
      const table = doc[pipfileTable];
      if (isTable(table)) for (const k of Object.keys(table)) names.add(nameKey(k));
    }
    return names;
  } catch {
    return undefined;
  }
}

/** Reads `Pipfile.lock` (pipfile-spec 6): `default` and `develop` (dev scope); relation from the Pipfile. */
export const pipfileLockExtractor: Extractor = {
  name: "pypi/pipfile-lock",
  description: "Pipenv lockfiles (Pipfile.lock, pipfile-spec 6)",
  fileRequired: (path) => baseName(path) === "Pipfile.lock",
  async extract(input): Promise<ExtractResult> {
    const text = input.text();
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `Pipfile.lock is not valid JSON: ${errorMessage(err)}`);
    }
    if (!isTable(doc)) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "Pipfile.lock is not a JSON object");
    const spec = isTable(doc._meta) ? doc._meta["pipfile-spec"] : undefined;
    if (spec !== undefined && spec !== SUPPORTED_SPEC) {
      return noteOnly(input, "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", `Pipfile.lock pipfile-spec ${String(spec)}`);
    }
    const declared = await pipfileNames(input.readFile);
    const index = new LineIndex(text);
    const packages = new Map<string, ExtractedPackage>();
    const notes: ExtractNote[] = [];
    for (const section of SECTIONS) {
      const entries = doc[section.key];
      if (entries === undefined) continue;
      const sectionAt = text.indexOf(`"${section.key}"`);
      if (!isTable(entries)) {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `"${section.key}" is not an object`));
        continue;
      }
      for (const [name, entry] of Object.entries(entries)) {
        const line = lineOfFirst(text, index, `${JSON.stringify(name)}:`, Math.max(sectionAt, 0));
        const at = (l: number | undefined) => (l === undefined ? { path: input.path } : { path: input.path, line: l });
        if (!isTable(entry)) {
          notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `entry ${name} is not an object`, line));
          continue;
        }
        const version = typeof entry.version === "string" ? /^===?\s*(\S+)$/.exec(entry.version)?.[1] : undefined;
        if (version === undefined) {
          // Editable/path entries are the project or its local packages; git and loose specifiers are unpinned.
          if (typeof entry.path !== "string" && entry.editable !== true) {
            notes.push(note(input, "BULWARK_EXTRACT_UNPINNED", `${name} has no exact version`, line));
          }
          continue;
        }
        const key = `${nameKey(name)}@${version}`;
        const seen = packages.get(key);
        if (seen !== undefined) {
          // Listed in both sections: the default (production) entry wins, the location is added.
          packages.set(key, { ...seen, locations: [...seen.locations, at(line)] });
          continue;
        }
        const inPipfile = declared?.has(nameKey(name));
        packages.set(
          key,
          makePackage({
            ecosystem: "PyPI",
            name,
            version,
            locations: [at(line)],
            relation: inPipfile === undefined ? undefined : inPipfile ? "direct" : "transitive",
            scope: section.scope,
          }),
        );
      }
    }
    return { packages: [...packages.values()], notes };
  },
};

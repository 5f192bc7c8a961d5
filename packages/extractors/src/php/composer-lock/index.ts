import { baseName, errorMessage, LineIndex, makePackage, note, noteOnly } from "../../shared/index.ts";
import { isJsonObject } from "../../shared/json.ts";
import type { ExtractedPackage, ExtractInput, ExtractNote, Extractor, ExtractResult } from "../../types.ts";

const ECOSYSTEM = "Packagist";
const SECTIONS = [
  { key: "packages", dev: false },
  { key: "packages-dev", dev: true },
] as const;

/**
 * Composer writes tags as they are named (`v2.8.48`) while OSV Packagist records and Composer's
 * own normalised form carry no `v`; branch versions (`dev-main`, `1.x-dev`) stay as they are.
 */
export function normalizeComposerVersion(version: string): string {
  return /^[vV]\d/.test(version) ? version.slice(1) : version;
}

/** Names required by the sibling composer.json (lowercased; Packagist names are case-insensitive), if readable. */
async function requiredNames(input: ExtractInput): Promise<Set<string> | undefined> {
  const bytes = await input.readFile("composer.json");
  if (bytes === undefined) return undefined;
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""));
  } catch {
    return undefined;
  }
  if (!isJsonObject(manifest)) return undefined;
  const names = new Set<string>();
  for (const key of ["require", "require-dev"]) {
    const section = manifest[key];
    if (isJsonObject(section)) for (const name of Object.keys(section)) names.add(name.toLowerCase());
  }
  return names;
}

function extractFrom(input: ExtractInput, text: string, direct: Set<string> | undefined): ExtractResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `invalid JSON: ${errorMessage(err)}`);
  }
  if (!isJsonObject(doc) || (doc.packages === undefined && doc["packages-dev"] === undefined)) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "no packages or packages-dev: not a composer.lock");
  }
  const index = new LineIndex(text);
  const notes: ExtractNote[] = [];
  const found = new Map<string, ExtractedPackage>();
  for (const { key, dev } of SECTIONS) {
    const list = doc[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `\`${key}\` is not an array`));
      continue;
    }
    let cursor = text.indexOf(`"${key}"`);
    list.forEach((entry, i) => {
      const name = isJsonObject(entry) ? entry.name : undefined;
      const at = typeof name === "string" && cursor >= 0 ? nameOffset(text, name, cursor) : -1;
      if (at >= 0) cursor = at + 1;
      const line = at < 0 ? undefined : index.lineOf(at);
      if (!isJsonObject(entry) || typeof name !== "string" || typeof entry.version !== "string") {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `${key}[${i}] has no name or version`, line));
        return;
      }
      // A path repository is the project's own code, not a published package.
      if (isJsonObject(entry.dist) && entry.dist.type === "path") return;
      const version = normalizeComposerVersion(entry.version);
      const location = line === undefined ? { path: input.path } : { path: input.path, line };
      const id = `${name.toLowerCase()}@${version}`;
      const seen = found.get(id);
      if (seen) {
        found.set(id, { ...seen, locations: [...seen.locations, location] });
        return;
      }
      const relation = direct === undefined ? undefined : direct.has(name.toLowerCase()) ? "direct" : "transitive";
      const scope = dev ? "dev" : undefined;
      found.set(id, makePackage({ ecosystem: ECOSYSTEM, name, version, locations: [location], relation, scope }));
    });
  }
  return { packages: [...found.values()], notes };
}

function nameOffset(text: string, name: string, from: number): number {
  const quoted = JSON.stringify(name);
  const at = text.indexOf(`"name": ${quoted}`, from);
  return at >= 0 ? at : text.indexOf(`"name":${quoted}`, from);
}

/** Composer's `composer.lock`: `packages` (prod) and `packages-dev` (scope dev). */
export const composerLockExtractor: Extractor = {
  name: "php/composer-lock",
  description: "PHP composer.lock: packages and packages-dev (dev); direct from the sibling composer.json",
  fileRequired: (path) => baseName(path) === "composer.lock",
  detect: (head) => head.includes('"content-hash"') && head.includes('"packages"'),
  async extract(input) {
    return extractFrom(input, input.text(), await requiredNames(input));
  },
};

import { parse } from "smol-toml";
import { baseName, errorMessage, LineIndex, makePackage, note, noteOnly } from "../../shared/index.ts";
import type { ExtractedPackage, ExtractInput, ExtractNote, Extractor, ExtractResult } from "../../types.ts";

const ECOSYSTEM = "crates.io";
// v1 and v2 files carry no `version` key; 3 and 4 say so.
const KNOWN_VERSIONS = new Set([3, 4]);

interface LockPackage {
  readonly name: string;
  readonly version: string;
  readonly source: string | undefined;
  readonly dependencies: readonly string[];
  readonly line: number | undefined;
}

/** A `dependencies` entry: `name`, `name version` or `name version (source)`. */
function dependencyKey(entry: string): { name: string; version: string | undefined } {
  const [name = "", version] = entry.trim().split(/\s+/, 2);
  return { name, version };
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Lines of each `[[package]]` block's `name` key, in file order (undefined when blocks and entries disagree). */
function packageNameLines(text: string, count: number): (number | undefined)[] {
  const index = new LineIndex(text);
  const lines: (number | undefined)[] = [];
  const nameKey = /^[ \t]*name[ \t]*=/gm;
  for (const m of text.matchAll(/^[ \t]*\[\[package\]\][ \t]*$/gm)) {
    nameKey.lastIndex = m.index;
    const at = nameKey.exec(text)?.index ?? m.index;
    lines.push(index.lineOf(at));
  }
  return lines.length === count ? lines : new Array(count).fill(undefined);
}

function readPackages(input: ExtractInput, raw: unknown[], text: string, notes: ExtractNote[]): LockPackage[] {
  const lines = packageNameLines(text, raw.length);
  const out: LockPackage[] = [];
  raw.forEach((entry, i) => {
    const line = lines[i];
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== "object" || e === null || typeof e.name !== "string" || typeof e.version !== "string") {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `[[package]] #${i + 1} has no name or version`, line));
      return;
    }
    const source = typeof e.source === "string" ? e.source : undefined;
    out.push({ name: e.name, version: e.version, source, dependencies: stringArray(e.dependencies), line });
  });
  return out;
}

/** Packages named by the workspace members (entries without `source`, and the v1 `[root]`). */
function directKeys(members: readonly { dependencies: readonly string[] }[]): Set<string> {
  const keys = new Set<string>();
  for (const m of members) {
    for (const d of m.dependencies) {
      const { name, version } = dependencyKey(d);
      keys.add(version === undefined ? name : `${name} ${version}`);
    }
  }
  return keys;
}

function extractFrom(input: ExtractInput, text: string): ExtractResult {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `invalid TOML: ${errorMessage(err)}`);
  }
  const version = doc.version;
  if (version !== undefined && !(typeof version === "number" && KNOWN_VERSIONS.has(version))) {
    return noteOnly(input, "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", `Cargo.lock version ${String(version)}`);
  }
  const rawPackages = doc.package ?? [];
  if (!Array.isArray(rawPackages)) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "`package` is not an array of tables");
  }
  const notes: ExtractNote[] = [];
  const all = readPackages(input, rawPackages, text, notes);
  const members: { dependencies: readonly string[] }[] = all.filter((p) => p.source === undefined);
  const root = doc.root as Record<string, unknown> | undefined;
  if (typeof root === "object" && root !== null) members.push({ dependencies: stringArray(root.dependencies) });
  const direct = directKeys(members);

  const byKey = new Map<string, ExtractedPackage>();
  for (const p of all) {
    // Workspace members and path dependencies are the project's own code.
    if (p.source === undefined) continue;
    const key = `${p.name} ${p.version}`;
    const location = p.line === undefined ? { path: input.path } : { path: input.path, line: p.line };
    const seen = byKey.get(key);
    if (seen) {
      byKey.set(key, { ...seen, locations: [...seen.locations, location] });
      continue;
    }
    const relation = members.length === 0 ? undefined : direct.has(key) || direct.has(p.name) ? "direct" : "transitive";
    byKey.set(
      key,
      makePackage({ ecosystem: ECOSYSTEM, name: p.name, version: p.version, locations: [location], relation }),
    );
  }
  return { packages: [...byKey.values()], notes };
}

/** Cargo.lock of a Rust crate or workspace, format versions 1 to 4. */
export const cargoLockExtractor: Extractor = {
  name: "cargo/cargo-lock",
  description: "Rust Cargo.lock (v1–v4): every crate with a source; direct = named by a workspace member",
  fileRequired: (path) => baseName(path) === "Cargo.lock",
  detect: (head) => /^\[\[package\]\]\s*\nname = "/m.test(head),
  async extract(input) {
    return extractFrom(input, input.text());
  },
};

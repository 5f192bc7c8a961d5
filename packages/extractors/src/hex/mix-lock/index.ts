import { baseName, errorMessage, LineIndex, makePackage, note, noteOnly } from "../../shared/index.ts";
import type { ExtractedPackage, ExtractNote, Extractor } from "../../types.ts";
import { atomName, isTermMap, readElixirTerm, type Term, TermSyntaxError, tupleItems } from "./elixir-terms.ts";

interface HexEntry {
  readonly name: string;
  readonly version: string;
  readonly line: number;
}

/**
 * `{:hex, :package, "1.2.3", …}` gives the Hex package and version; the map key is only the
 * name the project uses, which differs for renamed dependencies. `{:git, …}` and `{:path, …}`
 * entries carry no release version ("other").
 */
function hexEntry(value: Term): { name: string; version: string } | "other" | "bad" {
  const items = tupleItems(value);
  if (items === undefined || atomName(items[0]) === undefined) return "bad";
  if (atomName(items[0]) !== "hex") return "other";
  const name = atomName(items[1]);
  const version = items[2];
  if (name === undefined || typeof version !== "string" || version === "") return "bad";
  return { name, version };
}

/** Elixir `mix.lock`: the Hex packages the project resolved (git and path dependencies have no version). */
export const mixLockExtractor: Extractor = {
  name: "hex/mix-lock",
  description: "Elixir mix.lock (Hex packages; git dependencies skipped)",
  fileRequired(path) {
    return baseName(path) === "mix.lock";
  },
  async extract(input) {
    const text = input.text();
    const lines = new LineIndex(text);
    let root: Term;
    try {
      root = readElixirTerm(text);
    } catch (err) {
      const line = err instanceof TermSyntaxError ? lines.lineOf(err.offset) : undefined;
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", errorMessage(err), line);
    }
    if (!isTermMap(root)) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "mix.lock is not an Elixir map");
    const notes: ExtractNote[] = [];
    const seen = new Map<string, HexEntry[]>();
    for (const entry of root.entries) {
      const line = lines.lineOf(entry.offset);
      const found = hexEntry(entry.value);
      if (found === "other") continue;
      if (found === "bad") {
        const key = typeof entry.key === "string" ? entry.key : "?";
        notes.push(
          note(input, "BULWARK_EXTRACT_PARSE_FAILED", `entry ${key} is not a {:hex, :name, "version", …} tuple`, line),
        );
        continue;
      }
      const id = `${found.name}@${found.version}`;
      seen.set(id, [...(seen.get(id) ?? []), { ...found, line }]);
    }
    const packages: ExtractedPackage[] = [...seen.values()].map((group) =>
      makePackage({
        ecosystem: "Hex",
        name: group[0]?.name ?? "",
        version: group[0]?.version ?? "",
        locations: group.map((g) => ({ path: input.path, line: g.line })),
      }),
    );
    return { packages, notes };
  },
};

import { parse } from "smol-toml";
import type { ExtractInput, ExtractResult } from "../types.ts";
import { LineIndex } from "./lines.ts";
import { errorMessage, noteOnly } from "./results.ts";

/** A TOML table as smol-toml gives it. */
export type TomlTable = Record<string, unknown>;

/** Whether `v` is a TOML table (not an array, not a scalar). */
export function isTomlTable(v: unknown): v is TomlTable {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A parsed TOML file, or the note-only result to return for it. */
export type TomlRead = { readonly doc: TomlTable; readonly failed?: undefined } | { readonly failed: ExtractResult };

/** Parse a TOML lockfile; invalid TOML gives a `BULWARK_EXTRACT_PARSE_FAILED` result naming the file as `fileLabel`. */
export function readTomlTable(input: ExtractInput, text: string, fileLabel: string): TomlRead {
  try {
    return { doc: parse(text) as TomlTable };
  } catch (err) {
    return {
      failed: noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `${fileLabel} is not valid TOML: ${errorMessage(err)}`),
    };
  }
}

/**
 * The 1-based line of each `[[name]]` array-of-tables header, in file order: the line of the n-th
 * entry of the array, which the parser does not keep.
 */
export function arrayTableHeaderLines(text: string, name: string): number[] {
  const index = new LineIndex(text);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const header = new RegExp(`^\\[\\[${escaped}\\]\\][ \\t]*(?:#.*)?\\r?$`, "gm");
  return [...text.matchAll(header)].map((m) => index.lineOf(m.index));
}

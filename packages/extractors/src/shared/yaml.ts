import { type Document, LineCounter, parseDocument } from "yaml";
import type { ExtractInput, ExtractResult } from "../types.ts";
import { errorMessage, noteOnly } from "./results.ts";

/** A parsed YAML lockfile with the line counter its nodes' offsets resolve against, or the note-only result for it. */
export type YamlRead =
  | { readonly doc: Document.Parsed; readonly lines: LineCounter; readonly failed?: undefined }
  | { readonly failed: ExtractResult };

/**
 * Parse a YAML lockfile keeping node positions. Duplicate keys are allowed (the lockfile's tool
 * wrote them; the reader decides). The first syntax error gives a `BULWARK_EXTRACT_PARSE_FAILED`
 * result with its line.
 */
export function readYamlDocument(input: ExtractInput, text: string): YamlRead {
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  } catch (err) {
    return { failed: noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", errorMessage(err)) };
  }
  const firstError = doc.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0]?.line;
    return { failed: noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", errorMessage(firstError), line) };
  }
  return { doc, lines };
}

import type { ExtractInput, ExtractResult } from "../types.ts";
import { errorMessage, noteOnly } from "./results.ts";

/** A JSON object as `JSON.parse` gives it. */
export type JsonObject = Record<string, unknown>;

/** Whether `v` is a JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A JSON file whose top level is an object, or the note-only result to return for it. */
export type JsonObjectRead =
  | { readonly doc: JsonObject; readonly failed?: undefined }
  | { readonly failed: ExtractResult };

/**
 * Parse a JSON lockfile whose top level must be an object. Invalid JSON and any other top level
 * give a `BULWARK_EXTRACT_PARSE_FAILED` result; `fileLabel` names the file in the second case.
 */
export function readJsonObject(input: ExtractInput, text: string, fileLabel: string): JsonObjectRead {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { failed: noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", errorMessage(err)) };
  }
  if (!isJsonObject(doc)) {
    return { failed: noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `${fileLabel} is not a JSON object`) };
  }
  return { doc };
}

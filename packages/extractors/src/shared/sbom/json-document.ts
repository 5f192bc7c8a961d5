import { isJsonObject, type JsonObject } from "../json.ts";
import { LineIndex } from "../lines.ts";
import { errorMessage } from "../results.ts";
import type { ReadFailure } from "./read-outcome.ts";

/** `v` if it is a string. */
export function stringOf(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** The top-level object of a JSON SBOM, or the failure to report when the text is not JSON or not an object. */
export function parseJsonObject(text: string): { readonly ok: true; readonly doc: JsonObject } | ReadFailure {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, code: "parse", message: `not valid JSON: ${errorMessage(err)}` };
  }
  if (!isJsonObject(doc)) return { ok: false, code: "parse", message: "not a JSON object" };
  return { ok: true, doc };
}

/**
 * Finds the line of each entry of a JSON SBOM by searching the raw text for its purl, moving
 * forward through the document so that repeated purls get the line of each occurrence.
 */
export class JsonPurlLines {
  readonly #text: string;
  readonly #index: LineIndex;
  #cursor = 0;

  /** Search `text`, the whole JSON document. */
  constructor(text: string) {
    this.#text = text;
    this.#index = new LineIndex(text);
  }

  /** The line of the next occurrence of `purl` as a JSON string (the first one if none is left). */
  lineOf(purl: string | undefined): number | undefined {
    if (purl === undefined) return undefined;
    const needle = JSON.stringify(purl);
    let at = this.#text.indexOf(needle, this.#cursor);
    if (at < 0) at = this.#text.indexOf(needle);
    if (at < 0) return undefined;
    this.#cursor = at + needle.length;
    return this.#index.lineOf(at);
  }
}

import type { ExtractInput, ExtractNote, ExtractResult } from "../../types.ts";
import { note, noteOnly } from "../results.ts";

/** Why an SBOM reader could not build its model: `parse` for broken content, `format` for a format or version it does not read. */
export interface ReadFailure {
  readonly ok: false;
  readonly code: "parse" | "format";
  readonly message: string;
  readonly line?: number;
}

/** The note-only result for a document its reader gave up on. */
export function failureResult(input: ExtractInput, failure: ReadFailure): ExtractResult {
  const code = failure.code === "parse" ? "BULWARK_EXTRACT_PARSE_FAILED" : "BULWARK_EXTRACT_FORMAT_UNSUPPORTED";
  return noteOnly(input, code, failure.message, failure.line);
}

/** Notes for the parts of a document a reader skipped (one problem each). */
export function skippedNotes(input: ExtractInput, problems: readonly string[]): ExtractNote[] {
  return problems.map((p) => note(input, "BULWARK_EXTRACT_PARSE_FAILED", `${p}; skipped`));
}

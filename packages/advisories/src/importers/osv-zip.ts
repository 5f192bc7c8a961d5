import { isUtf8 } from "node:buffer";
import { isImportProblem, type ParsedOsvRecord, parseOsvJson } from "./osv-record.ts";
import type { ImportProblem } from "./problems.ts";
import { iterateZipEntries, type ZipLimits } from "./zip.ts";

/** Records read from one source, and what was skipped. */
export interface OsvBatch {
  readonly records: ParsedOsvRecord[];
  readonly problems: ImportProblem[];
}

/** Decode and parse one JSON entry; problems name `location`. */
export function parseOsvBytes(data: Uint8Array, location: string): ParsedOsvRecord | ImportProblem {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!isUtf8(buf)) return { location, code: "BULWARK_OSV_RECORD_INVALID", reason: "not valid UTF-8" };
  return parseOsvJson(buf.toString("utf8"), location);
}

/**
 * Read an osv.dev per-ecosystem export (`<Ecosystem>/all.zip`: one `<id>.json` per
 * record). Bad records become problems; a bad archive throws `BULWARK_ZIP_INVALID`.
 */
export function readOsvZip(bytes: Uint8Array, location: string, limits?: ZipLimits): OsvBatch {
  const problems: ImportProblem[] = [];
  const records = [...iterateOsvZip(bytes, location, problems, limits)];
  return { records, problems };
}

/**
 * Yield the records of an osv.dev export one at a time (bad records go to `problems`).
 * Throws `BULWARK_ZIP_INVALID` for a bad archive, possibly after yielding some records.
 */
export function* iterateOsvZip(
  bytes: Uint8Array,
  location: string,
  problems: ImportProblem[],
  limits?: ZipLimits,
): Generator<ParsedOsvRecord> {
  for (const entry of iterateZipEntries(bytes, location, (name) => name.toLowerCase().endsWith(".json"), limits)) {
    const parsed = parseOsvBytes(entry.data, `${location}!${entry.name}`);
    if (isImportProblem(parsed)) problems.push(parsed);
    else yield entry.deflated ? { ...parsed, deflated: entry.deflated } : parsed;
  }
}

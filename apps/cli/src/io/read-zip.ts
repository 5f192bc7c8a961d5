import { readFileSync, statSync } from "node:fs";
import { type ImportProblem, iterateOsvZip, type PreparedOsvRecord, prepareOsvRecord } from "@bulwark/advisories";
import { BulwarkError } from "@bulwark/core";

/** The largest export zip accepted (osv.dev's largest exports are a few hundred MB). */
export const MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * Read one export zip and yield its records prepared for storage, in chunks. Used by the
 * reader thread and, when no thread can be started, directly. Each record's compressed
 * bytes are a view into the zip file's buffer; see {@link packChunk} before posting them.
 */
export function* readPreparedZip(
  path: string,
  problems: ImportProblem[],
  chunkSize: number,
): Generator<PreparedOsvRecord[]> {
  const size = statSync(path).size;
  if (size > MAX_ZIP_BYTES) {
    throw new BulwarkError("BULWARK_INPUT_TOO_LARGE", `${path} is ${size} bytes; the limit is ${MAX_ZIP_BYTES}`);
  }
  let chunk: PreparedOsvRecord[] = [];
  for (const rec of iterateOsvZip(readFileSync(path), path, problems)) {
    const prepared = prepareOsvRecord(rec);
    chunk.push(prepared);
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Move a chunk's compressed bytes into one fresh buffer, so posting the chunk to another
 * thread can transfer that buffer instead of copying the zip buffer behind every view.
 * Returns the buffer to list as transferable.
 */
export function packChunk(chunk: PreparedOsvRecord[]): ArrayBuffer {
  const total = chunk.reduce((n, r) => n + r.deflated.byteLength, 0);
  const packed = new Uint8Array(total);
  let offset = 0;
  chunk.forEach((r, i) => {
    packed.set(r.deflated, offset);
    chunk[i] = { ...r, deflated: packed.subarray(offset, offset + r.deflated.byteLength) };
    offset += r.deflated.byteLength;
  });
  return packed.buffer;
}

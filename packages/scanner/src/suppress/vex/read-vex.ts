import { readFile } from "node:fs/promises";
import { BulwarkError } from "@bulwark/core";
import { looksLikeCsaf, readCsafVex } from "./csaf.ts";
import { looksLikeCycloneDx, readCycloneDxVex } from "./cyclonedx.ts";
import { isObject, vexInvalid } from "./fields.ts";
import { looksLikeOpenVex, readOpenVex } from "./openvex.ts";
import type { VexStatement } from "./types.ts";

/**
 * Read a VEX document, recognising OpenVEX, CycloneDX VEX and CSAF VEX by content (never by file name), into
 * the normalised statement model. A malformed or unrecognised document is a `BULWARK_VEX_INVALID` error whose
 * message names the file and the JSON location.
 */
export function readVex(path: string, bytes: Uint8Array | string): VexStatement[] {
  const text = (typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes)).replace(/^\uFEFF/, "");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return vexInvalid(path, "", `not JSON (${(e as Error).message})`);
  }
  if (!isObject(doc)) return vexInvalid(path, "", "expected a JSON object at the top level");
  if (looksLikeOpenVex(doc)) return readOpenVex(path, doc);
  if (looksLikeCycloneDx(doc)) return readCycloneDxVex(path, doc);
  if (looksLikeCsaf(doc)) return readCsafVex(path, doc);
  return vexInvalid(
    path,
    "",
    "not a VEX document Bulwark knows (expected an OpenVEX @context, a CycloneDX bomFormat or a CSAF document.csaf_version)",
  );
}

/** Read and parse a VEX file from disk; a missing file is `BULWARK_INPUT_NOT_FOUND`. */
export async function loadVexFile(path: string): Promise<VexStatement[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new BulwarkError("BULWARK_INPUT_NOT_FOUND", `${path}: cannot read the VEX file (${(e as Error).message})`, {
      details: { path },
      cause: e,
    });
  }
  return readVex(path, bytes);
}

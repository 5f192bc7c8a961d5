import type { ErrorCode } from "@bulwark/core";
import { type PurlQualifiers, packageToPurl } from "@bulwark/versions";
import type { ExtractedPackage, ExtractInput, ExtractNote, ExtractResult } from "../types.ts";

/** A result with one note and no packages: what a bad file gives. */
export function noteOnly(
  input: Pick<ExtractInput, "path">,
  code: ErrorCode,
  message: string,
  line?: number,
): ExtractResult {
  return { packages: [], notes: [note(input, code, message, line)] };
}

/** One note about a file. */
export function note(input: Pick<ExtractInput, "path">, code: ErrorCode, message: string, line?: number): ExtractNote {
  return line === undefined ? { code, path: input.path, message } : { code, path: input.path, message, line };
}

/** The message of anything thrown by a parser, on one line. */
export function errorMessage(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.split("\n")[0] ?? m;
}

/** Fields of {@link ExtractedPackage} with the purl optional and qualifiers for it. */
export type PackageFields = Omit<ExtractedPackage, "purl"> & { purl?: string; qualifiers?: PurlQualifiers };

/**
 * Finish a package: fill in its purl (OSV ecosystem + name + version, plus qualifiers) and
 * drop undefined optional fields so JSON output stays minimal.
 */
export function makePackage(fields: PackageFields): ExtractedPackage {
  // Built field by field (no spreads or entry arrays): lockfiles with 50,000 packages call this
  // in a tight loop, and intermediate objects are most of its garbage.
  const purl = fields.purl ?? packageToPurl(fields.ecosystem, fields.name, fields.version, fields.qualifiers);
  const out: { -readonly [K in keyof ExtractedPackage]: ExtractedPackage[K] } = {
    ecosystem: fields.ecosystem,
    name: fields.name,
    version: fields.version,
    locations: fields.locations,
  };
  if (purl !== undefined) out.purl = purl;
  if (fields.relation !== undefined) out.relation = fields.relation;
  if (fields.scope !== undefined) out.scope = fields.scope;
  if (fields.sourceName !== undefined) out.sourceName = fields.sourceName;
  if (fields.sourceVersion !== undefined) out.sourceVersion = fields.sourceVersion;
  if (fields.layer !== undefined) out.layer = fields.layer;
  return out;
}

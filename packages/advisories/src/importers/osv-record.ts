import type { OsvRecord } from "@bulwark/core";
import type { ImportProblem } from "./problems.ts";

/** An OSV record accepted for import, with its original JSON text (stored as is). */
export interface ParsedOsvRecord {
  readonly id: string;
  readonly modified: string;
  readonly record: OsvRecord;
  readonly json: string;
  /** `json` as a raw DEFLATE stream, when the source already had it (zip entries). */
  readonly deflated?: Uint8Array | undefined;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}$/;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * Check the parts of an OSV record that matching relies on. Returns the reason it
 * is unusable, or `undefined` when it is fine. Deliberately tolerant of fields the
 * matcher does not read (real exports carry small schema deviations, e.g. short
 * GIT hashes in some PYSEC records).
 */
export function osvRecordProblem(x: unknown): string | undefined {
  if (!isObject(x)) return "not a JSON object";
  if (typeof x.id !== "string" || !ID_PATTERN.test(x.id)) return "missing or malformed `id`";
  if (typeof x.modified !== "string" || Number.isNaN(Date.parse(x.modified))) return "missing or malformed `modified`";
  if (x.withdrawn !== undefined && typeof x.withdrawn !== "string") return "`withdrawn` is not a string";
  if (x.aliases !== undefined && (!Array.isArray(x.aliases) || x.aliases.some((a) => typeof a !== "string"))) {
    return "`aliases` is not a list of strings";
  }
  if (x.affected !== undefined) {
    if (!Array.isArray(x.affected)) return "`affected` is not a list";
    for (const [i, a] of x.affected.entries()) {
      if (!isObject(a)) return `affected[${i}] is not an object`;
      if (a.package !== undefined) {
        if (!isObject(a.package) || typeof a.package.ecosystem !== "string" || typeof a.package.name !== "string") {
          return `affected[${i}].package needs string ecosystem and name`;
        }
      }
      if (a.ranges !== undefined) {
        if (!Array.isArray(a.ranges)) return `affected[${i}].ranges is not a list`;
        for (const [j, r] of a.ranges.entries()) {
          if (!isObject(r) || typeof r.type !== "string" || !Array.isArray(r.events)) {
            return `affected[${i}].ranges[${j}] needs a type and an events list`;
          }
          if (r.events.some((e) => !isObject(e))) return `affected[${i}].ranges[${j}].events has a non-object`;
        }
      }
      if (a.versions !== undefined && (!Array.isArray(a.versions) || a.versions.some((v) => typeof v !== "string"))) {
        return `affected[${i}].versions is not a list of strings`;
      }
    }
  }
  return undefined;
}

/**
 * Parse one OSV JSON document. Returns the record, or a problem naming `location`.
 * Never throws.
 */
export function parseOsvJson(json: string, location: string): ParsedOsvRecord | ImportProblem {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return { location, code: "BULWARK_OSV_RECORD_INVALID", reason: `invalid JSON: ${(e as Error).message}` };
  }
  const problem = osvRecordProblem(value);
  if (problem !== undefined) return { location, code: "BULWARK_OSV_RECORD_INVALID", reason: problem };
  const record = value as OsvRecord;
  return { id: record.id, modified: record.modified, record, json };
}

/** True when a parse result is a problem rather than a record. */
export function isImportProblem(x: ParsedOsvRecord | ImportProblem): x is ImportProblem {
  return "reason" in x;
}

import { deflateRawSync } from "node:zlib";
import { canonicalBaseName, normalizePackageName } from "@bulwark/versions";
import { osvDigest } from "./digest.ts";
import type { ParsedOsvRecord } from "./osv-record.ts";

/** One `affected[]` entry flattened into what the package index stores. */
export interface PreparedAffected {
  readonly ordinal: number;
  /** Full ecosystem string, suffix included. */
  readonly ecosystem: string;
  /** Canonical base ecosystem (`Debian`). */
  readonly base: string;
  /** Normalised package name. */
  readonly name: string;
  /** The entry as JSON. */
  readonly entry: string;
}

/**
 * A record reduced to flat strings and bytes: everything a store writes, nothing it must
 * parse. Cheap to pass between threads (the CLI prepares records in a worker).
 */
export interface PreparedOsvRecord {
  readonly prepared: true;
  readonly id: string;
  readonly modified: string;
  readonly modifiedMs: number;
  readonly published: string | null;
  readonly withdrawn: string | null;
  readonly summary: string | null;
  /** Aliases other than the id itself. */
  readonly aliases: readonly string[];
  /** The original JSON text as a raw DEFLATE stream. */
  readonly deflated: Uint8Array;
  /** {@link osvDigest} of the record as JSON: what a scan reads per finding. */
  readonly digest: string;
  /** Entries that name a package (entries without one cannot be looked up by package). */
  readonly affected: readonly PreparedAffected[];
}

const str = (x: unknown): string | null => (typeof x === "string" ? x : null);

/** Flatten a parsed record for storage. */
export function prepareOsvRecord(rec: ParsedOsvRecord): PreparedOsvRecord {
  const r = rec.record;
  const affected: PreparedAffected[] = [];
  (r.affected ?? []).forEach((a, ordinal) => {
    const pkg = a.package;
    if (!pkg?.ecosystem || !pkg.name) return;
    affected.push({
      ordinal,
      ecosystem: pkg.ecosystem,
      base: canonicalBaseName(pkg.ecosystem),
      name: normalizePackageName(pkg.ecosystem, pkg.name),
      entry: JSON.stringify(a),
    });
  });
  return {
    prepared: true,
    id: rec.id,
    modified: rec.modified,
    modifiedMs: Date.parse(rec.modified),
    published: str(r.published),
    withdrawn: str(r.withdrawn),
    summary: str(r.summary),
    aliases: [...new Set((r.aliases ?? []).filter((a) => a !== rec.id))],
    // Zip entries arrive deflated already: keeping them so avoids compressing again.
    deflated: rec.deflated ?? deflateRawSync(rec.json),
    digest: JSON.stringify(osvDigest(r)),
    affected,
  };
}

/** Prepare a record unless it already is. */
export function ensurePrepared(rec: ParsedOsvRecord | PreparedOsvRecord): PreparedOsvRecord {
  return "prepared" in rec ? rec : prepareOsvRecord(rec);
}

import type { OsvRecord } from "@bulwark/core";

/** How much of `details` stands in for a missing summary. */
const SUMMARY_FALLBACK_LIMIT = 500;

function firstNonEmptyLine(text: unknown): string | undefined {
  if (typeof text !== "string") return undefined;
  for (const line of text.split("\n", 50)) {
    const trimmed = line.trim();
    if (trimmed !== "") return trimmed.slice(0, SUMMARY_FALLBACK_LIMIT);
  }
  return undefined;
}

/**
 * The part of an OSV record a scan reads for every finding: id, dates, aliases, summary (the
 * first line of `details` when the record has no summary), severity vectors, the textual
 * `database_specific.severity` and references (exploit evidence). No `affected[]` or `details`:
 * those are most of a record's size, and the matcher reads the affected entries from the
 * package index anyway. Stored beside the compressed record so a scan parses a few hundred
 * bytes per advisory instead of inflating and parsing the whole record.
 */
export function osvDigest(record: OsvRecord): OsvRecord {
  const summary =
    typeof record.summary === "string" && record.summary.trim() !== ""
      ? record.summary
      : firstNonEmptyLine(record.details);
  const dbSeverity =
    typeof record.database_specific === "object" && record.database_specific !== null
      ? record.database_specific.severity
      : undefined;
  return {
    id: record.id,
    modified: record.modified,
    ...(record.published !== undefined && { published: record.published }),
    ...(record.withdrawn !== undefined && { withdrawn: record.withdrawn }),
    ...(Array.isArray(record.aliases) && { aliases: record.aliases }),
    ...(summary !== undefined && { summary }),
    ...(Array.isArray(record.severity) && { severity: record.severity }),
    ...(dbSeverity !== undefined && { database_specific: { severity: dbSeverity } }),
    ...(Array.isArray(record.references) && { references: record.references }),
  };
}

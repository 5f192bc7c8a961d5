import type { ImportSummary } from "@bulwark/db";

/** Print an import summary for people (stderr keeps stdout free for --json). */
export function printImportSummary(summary: ImportSummary, write: (s: string) => void): void {
  for (const s of summary.sources) {
    write(
      `${s.source}: ${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.older} older skipped, ${s.removed} removed\n`,
    );
  }
  if (summary.kev) {
    write(
      `kev: ${summary.kev.skipped ? `skipped (${summary.kev.skipped})` : `${summary.kev.entries} entries, catalog ${summary.kev.catalogVersion}`}\n`,
    );
  }
  if (summary.epss) {
    write(
      `epss: ${summary.epss.skipped ? `skipped (${summary.epss.skipped})` : `${summary.epss.scores} scores of ${summary.epss.scoreDate || "unknown date"}`}\n`,
    );
  }
  const shown = summary.problems.slice(0, 20);
  for (const p of shown) write(`skipped ${p.location}: [${p.code}] ${p.reason}\n`);
  if (summary.problems.length > shown.length)
    write(`... and ${summary.problems.length - shown.length} more skipped records\n`);
  const records = summary.sources.reduce((n, s) => n + s.added + s.updated + s.unchanged + s.older, 0);
  write(`imported ${records} records in ${(summary.durationMs / 1000).toFixed(2)} s\n`);
}

import type { AdvisoryStore, EpssScore, KevEntry } from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";

/**
 * What a scan reads from the advisory knowledge base. `AdvisoryDatabase` (the CLI's SQLite
 * file) implements it; the server will back it with PostgreSQL.
 */
export interface ScanKnowledge extends AdvisoryStore {
  getById(id: string): Promise<OsvRecord | undefined>;
  /** The record's digest (id, dates, aliases, summary, severity, references; no affected or details). */
  getDigest(id: string): OsvRecord | undefined;
  /** A whole record as its stored JSON text, unparsed. */
  getJson(id: string): string | undefined;
  getKev(cve: string): KevEntry | undefined;
  /**
   * The whole KEV catalog (about 1,500 entries): a scan reads it once instead of asking for
   * tens of thousands of CVEs one by one.
   */
  kevEntries(): Iterable<KevEntry>;
  getEpss(cve: string): EpssScore | undefined;
}

import type { AdvisoryStore, EpssScore, KevEntry } from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";

/**
 * What a scan reads from the advisory knowledge base. `AdvisoryDatabase` (the CLI's SQLite
 * file) implements it; the server will back it with PostgreSQL.
 */
export interface ScanKnowledge extends AdvisoryStore {
  getById(id: string): Promise<OsvRecord | undefined>;
  getKev(cve: string): KevEntry | undefined;
  getEpss(cve: string): EpssScore | undefined;
}

import type { AdvisoryStore } from "@bulwark/advisories";

/**
 * What the server's routes read of the advisory knowledge base: the matcher's port plus the
 * advisory's TLP label and the time of the last change (to drop cached look-ups after an import).
 */
export interface ServerKnowledge extends AdvisoryStore {
  /** The TLP labels of these advisories (imported public advisories are CLEAR); unknown ids are left out. */
  labels(ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** A record as its stored JSON text (unparsed). */
  getJson(id: string): Promise<string | undefined>;
  /** When the knowledge base last changed (ISO 8601), undefined when empty. */
  lastUpdate(): Promise<string | undefined>;
}

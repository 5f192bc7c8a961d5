import {
  type FetchFn,
  importIntoKnowledgeBase,
  KnowledgeBase,
  markSourcesChecked,
  type ServerDb,
  type SyncSummary,
  syncAdvisories,
} from "@bulwark/db";

/** The name of the job that brings the knowledge base up to date (`bulwark db update` on the server). */
export const KB_SYNC_JOB = "kb.sync";

/** Where the sync downloads from (the same defaults and variables as `bulwark db update`). */
export interface KbSyncSources {
  readonly osvBaseUrl: string;
  readonly kevUrl?: string;
  readonly epssUrl?: string;
  /** Only these ecosystems; default: the export's ecosystems.txt. */
  readonly ecosystems?: readonly string[];
}

/**
 * Download the osv.dev exports, KEV and EPSS and import what changed into the server's
 * knowledge base in one transaction (conditional requests: unchanged sources cost a 304).
 * Idempotent, so a retried or duplicated run does no harm.
 */
export async function syncKnowledgeBase(
  db: ServerDb,
  sources: KbSyncSources,
  deps: { fetch: FetchFn; now: () => Date; sleep?: (ms: number) => Promise<void> },
): Promise<SyncSummary> {
  const kb = new KnowledgeBase(db);
  return syncAdvisories(
    {
      getSource: (name) => kb.getSource(name),
      import: (batch) => importIntoKnowledgeBase(db, batch, deps.now()),
      markChecked: (names) => markSourcesChecked(db, names, deps.now()),
    },
    {
      fetch: deps.fetch,
      now: deps.now,
      sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      osvBaseUrl: sources.osvBaseUrl,
      ...(sources.ecosystems !== undefined && { ecosystems: sources.ecosystems }),
      ...(sources.kevUrl !== undefined && { kevUrl: sources.kevUrl }),
      ...(sources.epssUrl !== undefined && { epssUrl: sources.epssUrl }),
    },
  );
}

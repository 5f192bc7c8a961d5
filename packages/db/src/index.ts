/** @bulwark/db: storage. Today the SQLite advisory database; the server's schema joins later. */

export type { AdvisoryDatabaseOptions } from "./advisory-db/database.ts";
export { AdvisoryDatabase } from "./advisory-db/database.ts";
export type { SourceRef } from "./advisory-db/import-session.ts";
export { ImportSession } from "./advisory-db/import-session.ts";
export type {
  DbStatus,
  ImportBatch,
  ImportSummary,
  KevRow,
  OsvSourceImport,
  SourceInfo,
  SourceSummary,
  SourceValidators,
} from "./advisory-db/types.ts";
export type {
  DownloadOptions,
  DownloadProgress,
  DownloadResult,
  FetchFn,
  RetryPolicy,
  Validators,
} from "./sync/http.ts";
export { DEFAULT_RETRY_POLICY, download } from "./sync/http.ts";
export type {
  EcosystemListOrigin,
  SourceOutcome,
  SyncEvent,
  SyncLimits,
  SyncOptions,
  SyncSummary,
} from "./sync/sync.ts";
export {
  DEFAULT_SYNC_LIMITS,
  FALLBACK_OSV_ECOSYSTEMS,
  failedSources,
  osvExportUrl,
  parseEcosystemsList,
  syncAdvisories,
} from "./sync/sync.ts";

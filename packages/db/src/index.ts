/** @bulwark/db: storage: the SQLite advisory database (CLI) and the server database (SQLite or PostgreSQL). */

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
// The server's database: SQLite or PostgreSQL through Kysely.
export type { AuditEntry, AuditEvent, AuditVerdict } from "./server/audit-log.ts";
export {
  AUDIT_GENESIS_HASH,
  appendAudit,
  auditEntryHash,
  lockAuditHead,
  verifyAuditChain,
} from "./server/audit-log.ts";
// Content-addressed blobs (patch artifacts) and the server's Ed25519 signing key.
export type { BlobStore } from "./server/blobs/blob-store.ts";
export { isBlobName } from "./server/blobs/blob-store.ts";
export { BLOBS_DIR, LocalBlobStore } from "./server/blobs/local-blob-store.ts";
export type { Dialect, ServerDb, ServerDbOptions } from "./server/connect.ts";
export { openServerDb, redactUrl } from "./server/connect.ts";
// The server's background jobs: one port, SQLite (in-process) or pg-boss (PostgreSQL).
export type { OpenJobQueueOptions } from "./server/jobs/open-queue.ts";
export { openJobQueue } from "./server/jobs/open-queue.ts";
export type { PgBossJobQueueOptions } from "./server/jobs/pg-boss-queue.ts";
export type { SqliteJobQueueOptions } from "./server/jobs/sqlite-queue.ts";
export type {
  DeadLetter,
  EnqueueOptions,
  Job,
  JobHandler,
  JobQueue,
  JobStopOptions,
  JobWorkOptions,
} from "./server/jobs/types.ts";
export { JOB_DEFAULTS } from "./server/jobs/types.ts";
// The server's advisory knowledge base (the `kb_` tables): the CLI database's contents and rules on SQLite or PostgreSQL.
export type { KnowledgeTarget } from "./server/knowledge/import.ts";
export { importIntoKnowledgeBase, markSourcesChecked } from "./server/knowledge/import.ts";
export { KnowledgeBase } from "./server/knowledge/knowledge-base.ts";
export type { KnowledgeSearchHit } from "./server/knowledge/search.ts";
export type { MigrationOutcome } from "./server/migrate.ts";
export { migrateServerDb, SERVER_MIGRATIONS } from "./server/migrate.ts";
export type { AlertSummary, AlertSummaryDay } from "./server/repositories/alert-summary.ts";
export { alertSummary, SUMMARY_DECISIONS, SUMMARY_SEVERITIES } from "./server/repositories/alert-summary.ts";
export type {
  Alert,
  AlertEvent,
  AlertFacts,
  AlertFilter,
  AlertStatus,
  AlertStatusChange,
  NewAlert,
} from "./server/repositories/alerts.ts";
export {
  ACTIVE_ALERT_STATUSES,
  ALERT_STATUSES,
  AlertRepository,
  addDays,
  alertClock,
  factsDiffer,
} from "./server/repositories/alerts.ts";
export type { ApiToken, CreatedApiToken } from "./server/repositories/api-tokens.ts";
export { API_TOKEN_PREFIX, ApiTokenRepository, hashTokenSecret } from "./server/repositories/api-tokens.ts";
export type {
  Asset,
  AssetChanges,
  AssetCriticality,
  AssetKind,
  ComponentKey,
  ComponentPageQuery,
  InventoryComponent,
  InventoryFormat,
  InventoryMeta,
  InventoryRecord,
  NewAsset,
  StoredComponent,
} from "./server/repositories/assets.ts";
export {
  ASSET_CRITICALITIES,
  ASSET_KINDS,
  AssetRepository,
  COMPONENT_BATCH_ROWS,
  componentRows,
  INVENTORY_FORMATS,
} from "./server/repositories/assets.ts";
export type {
  AffectedAsset,
  AffectedComponent,
  Bulletin,
  BulletinArtifact,
  BulletinChanges,
  BulletinDelivery,
  BulletinFix,
  BulletinLink,
  DeliveryCounts,
  DeliveryRow,
  DeliveryStatus,
  NewBulletin,
} from "./server/repositories/bulletins.ts";
export { BulletinRepository, DELIVERY_STATUSES, fixesFromAlerts } from "./server/repositories/bulletins.ts";
export type { EmailMode, InboxItem, InboxKey, NewInboxItem } from "./server/repositories/inbox.ts";
export { EMAIL_MODES, InboxRepository } from "./server/repositories/inbox.ts";
export type { ChangedComponent, DiffComponent, InventoryDiff } from "./server/repositories/inventory-diff.ts";
export { diffComponents } from "./server/repositories/inventory-diff.ts";
export { advanceCursor, readCursorForUpdate } from "./server/repositories/job-cursors.ts";
export type {
  NotificationMode,
  NotificationPrefs,
  NotificationSeverity,
} from "./server/repositories/notification-prefs.ts";
export {
  DEFAULT_NOTIFICATION_PREFS,
  NOTIFICATION_MODES,
  NOTIFICATION_SEVERITIES,
  NotificationPrefsRepository,
  notificationSeverity,
} from "./server/repositories/notification-prefs.ts";
export type { NewOrganisation, Organisation } from "./server/repositories/organisations.ts";
export { OrganisationRepository } from "./server/repositories/organisations.ts";
export type {
  ClaimedMessage,
  OutboxKind,
  OutboxMessage,
  OutboxRetryPolicy,
  OutboxState,
} from "./server/repositories/outbox.ts";
export {
  DEFAULT_OUTBOX_RETRY,
  OUTBOX_KINDS,
  OutboxRepository,
  outboxRetryDelayMs,
} from "./server/repositories/outbox.ts";
export type { AffectedCounts, SectorReport, SectorStats } from "./server/repositories/sector-report.ts";
export {
  median,
  SECTOR_ALERT_STATUSES,
  sectorReport,
  UNSPECIFIED_SECTOR,
} from "./server/repositories/sector-report.ts";
export type { CreatedSession, Session, SessionPolicy } from "./server/repositories/sessions.ts";
export { DEFAULT_SESSION_POLICY, hashSessionId, SessionRepository } from "./server/repositories/sessions.ts";
export type { Membership, User } from "./server/repositories/users.ts";
export { normaliseEmail, UserRepository } from "./server/repositories/users.ts";
export type { NewWebhook, Webhook } from "./server/repositories/webhooks.ts";
export { WebhookRepository } from "./server/repositories/webhooks.ts";
export type { ServerSchema } from "./server/schema.ts";
// TLP sharing: the SQL form of @bulwark/access's visibility rule.
export type { Share } from "./server/shares.ts";
export { countVisible, putShare, visibleObjectIds, visibleShare, visibleTo } from "./server/shares.ts";
export type { PublicSigningKey } from "./server/signing/key-store.ts";
export { currentSigningKey, ensureSigningKey } from "./server/signing/key-store.ts";
export { MASTER_KEY_BYTES, MASTER_KEY_FILE, parseMasterKey, resolveMasterKey } from "./server/signing/master-key.ts";
export { ServerSigner } from "./server/signing/signer.ts";
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
  SyncTarget,
} from "./sync/sync.ts";
export {
  DEFAULT_SYNC_LIMITS,
  FALLBACK_OSV_ECOSYSTEMS,
  failedSources,
  osvExportUrl,
  parseEcosystemsList,
  syncAdvisories,
} from "./sync/sync.ts";

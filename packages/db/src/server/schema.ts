import type { ColumnType, Generated } from "kysely";

// The server's tables as Kysely sees them. Times are ISO 8601 UTC text on both dialects: one
// representation, ordered as text, no driver-specific Date handling. JSON is text for the same reason.

/** `organisations`: every party of the clearinghouse. */
export interface OrganisationsTable {
  id: string;
  name: string;
  kind: string;
  /** Operators only: healthcare, financial, energy, … */
  sector: string | null;
  created_at: string;
}

/** `users`: people who sign in (password) or act through API tokens. */
export interface UsersTable {
  id: string;
  /** Lower-cased. */
  email: string;
  display_name: string;
  /** argon2id PHC string; null for accounts that cannot sign in with a password. */
  password_hash: string | null;
  created_at: string;
  disabled_at: string | null;
  failed_logins: number;
  locked_until: string | null;
}

/** `memberships`: a user's role in an organisation. */
export interface MembershipsTable {
  user_id: string;
  org_id: string;
  role: string;
  created_at: string;
}

/** `platform_roles`: clearinghouse-wide roles, separate from organisation roles. */
export interface PlatformRolesTable {
  user_id: string;
  role: string;
  granted_at: string;
}

/** `api_tokens`: stored as SHA-256 of the secret; the secret is shown once. */
export interface ApiTokensTable {
  id: string;
  token_hash: string;
  /** The first characters of the token, to tell tokens apart in lists. */
  prefix: string;
  name: string;
  user_id: string;
  /** The organisation the token acts for (null: the user's own rights). */
  org_id: string | null;
  /** JSON array of scopes. */
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** `sessions`: server-side browser sessions, keyed by a hash of the cookie value. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** `audit_log`: append-only, each entry hash-chained to the one before. */
export interface AuditLogTable {
  seq: number;
  at: string;
  actor_user_id: string | null;
  actor_org_id: string | null;
  request_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  tlp: string | null;
  /** JSON object. */
  details: string;
  prev_hash: string;
  hash: string;
}

/** `audit_head`: one row, updated by every append to serialise them. */
export interface AuditHeadTable {
  id: number;
  appends: number;
}

/** `shares`: the TLP label, owner organisation and creator of a shared object. */
export interface SharesTable {
  object_type: string;
  object_id: string;
  tlp: string;
  owner_org_id: string;
  created_by: string | null;
  created_at: string;
}

/** `share_orgs`: organisations an object is shared with. */
export interface ShareOrgsTable {
  object_type: string;
  object_id: string;
  org_id: string;
}

/** `share_users`: people an object is shared with by name. */
export interface ShareUsersTable {
  object_type: string;
  object_id: string;
  user_id: string;
}

/** Every server table. */
export interface ServerSchema {
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  platform_roles: PlatformRolesTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  shares: SharesTable;
  share_orgs: ShareOrgsTable;
  share_users: ShareUsersTable;
  kb_advisories: KbAdvisoriesTable;
  kb_affected: KbAffectedTable;
  kb_aliases: KbAliasesTable;
  kb_advisory_sources: KbAdvisorySourcesTable;
  kb_sources: KbSourcesTable;
  kb_kev: KbKevTable;
  kb_epss: KbEpssTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  assets: AssetsTable;
  inventories: InventoriesTable;
  inventory_components: InventoryComponentsTable;
  webhooks: WebhooksTable;
  outbox: OutboxTable;
  signing_keys: SigningKeysTable;
  kb_changes: KbChangesTable;
  job_cursors: JobCursorsTable;
  alerts: AlertsTable;
  alert_advisories: AlertAdvisoriesTable;
  alert_events: AlertEventsTable;
  bulletins: BulletinsTable;
  bulletin_artifacts: BulletinArtifactsTable;
  bulletin_deliveries: BulletinDeliveriesTable;
  inbox_items: InboxItemsTable;
  notification_prefs: NotificationPrefsTable;
}

// The advisory knowledge base (migration 0002): the CLI advisory database's tables with a `kb_`
// prefix; see `advisory-db/schema.ts` for what each column holds.

/** `kb_advisories`: whole OSV records (raw DEFLATE), their digests, and a TLP label. */
export interface KbAdvisoriesTable {
  id: string;
  modified: string;
  /** `modified` in ms since the epoch; a bigint, which PostgreSQL returns as text. */
  modified_ms: ColumnType<number | string, number, number>;
  published: string | null;
  withdrawn: string | null;
  summary: string | null;
  /** TLP 2.0 label (`CLEAR` for public feeds); imports never change a stored label. */
  tlp: ColumnType<string, string | undefined, string>;
  /** `osvDigest(record)` as JSON. */
  digest: string;
  /** The original JSON text as a raw DEFLATE stream. */
  record: Uint8Array;
}

/** `kb_affected`: one row per `affected[]` entry, denormalised for the package look-up. */
export interface KbAffectedTable {
  advisory_id: string;
  ordinal: number;
  ecosystem: string;
  /** Canonical base ecosystem. */
  base: string;
  /** Normalised package name. */
  name: string;
  modified: string;
  /** 1 when the advisory is withdrawn. */
  withdrawn: number;
  /** The advisory's aliases joined with `ALIAS_SEPARATOR`. */
  aliases: string;
  /** The entry as JSON. */
  entry: string;
}

/** `kb_aliases`: advisory id → alias. */
export interface KbAliasesTable {
  advisory_id: string;
  alias: string;
}

/** `kb_advisory_sources`: which source holds which record. */
export interface KbAdvisorySourcesTable {
  source: string;
  advisory_id: string;
}

/** `kb_sources`: per source, where it came from, when it was imported and checked, and its validators. */
export interface KbSourcesTable {
  name: string;
  kind: string;
  location: string;
  imported_at: string;
  checked_at: string;
  records: number;
  etag: string | null;
  last_modified: string | null;
  version: string | null;
}

/** `kb_kev`: the CISA KEV catalog. */
export interface KbKevTable {
  cve_id: string;
  vendor_project: string;
  product: string;
  vulnerability_name: string;
  date_added: string;
  short_description: string;
  required_action: string;
  due_date: string;
  known_ransomware: string;
  notes: string;
  /** JSON array. */
  cwes: string;
}

/** `kb_epss`: FIRST EPSS probability and percentile per CVE. */
export interface KbEpssTable {
  cve: string;
  epss: number;
  percentile: number;
}

// The job queue of SQLite mode (migration 0003; see `jobs/sqlite-queue.ts`). PostgreSQL mode keeps
// its jobs in pg-boss's own schema and leaves these tables empty.

/** `jobs`: one row per job, from enqueue to completed or dead. */
export interface JobsTable {
  id: string;
  name: string;
  /** The payload as JSON. */
  data: string;
  /** `queued` (waiting to run or to be retried), `active`, `completed` or `dead`. */
  state: string;
  /** Runs started so far. */
  attempts: number;
  retry_limit: number;
  /** Seconds before the first retry. */
  retry_delay: number;
  /** 1: the delay doubles at each retry. */
  backoff: number;
  /** Not claimed before this time. */
  run_after: string;
  singleton_key: string | null;
  /** The claim token of the run holding the job; finishing a run checks it. */
  locked_by: string | null;
  /** An active job whose lock has passed this time belongs to a lost worker and is claimed again. */
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** `job_schedules`: cron schedules and the last tick that was enqueued, so a tick runs once. */
export interface JobSchedulesTable {
  name: string;
  cron: string;
  /** The payload as JSON. */
  payload: string;
  last_tick: string | null;
  updated_at: string;
}

// Operators' assets and inventories (migration 0005; see `repositories/assets.ts`).

/** `assets`: what an operator organisation runs. */
export interface AssetsTable {
  id: string;
  org_id: string;
  /** Unique within the organisation. */
  name: string;
  /** `server`, `application`, `device`, `container-image` or `service`. */
  kind: string;
  environment: string | null;
  /** SSVC Mission & Well-being: `low`, `medium` or `high`. */
  criticality: string;
  /** 1 when reachable from the internet (a BOD 26-04 input). */
  publicly_exposed: number;
  owner: string | null;
  /** JSON array of strings. */
  tags: string;
  created_at: string;
  updated_at: string;
}

/** `inventories`: every upload of an asset's inventory; one per asset is current. */
export interface InventoriesTable {
  id: string;
  asset_id: string;
  /** 1, 2, 3… per asset, in upload order. */
  seq: number;
  uploaded_at: string;
  uploaded_by: string | null;
  /** `cyclonedx-json`, `cyclonedx-xml`, `spdx-json`, `spdx-tag-value`, `lockfile` or `bulwark-json`. */
  format: string;
  filename: string | null;
  component_count: number;
  /** SHA-256 (hex) of the uploaded bytes. */
  sha256: string;
  /** 1 for the asset's latest upload. */
  is_current: number;
}

/** `inventory_components`: one row per package version of an inventory. */
export interface InventoryComponentsTable {
  inventory_id: string;
  ordinal: number;
  ecosystem: string;
  /** The name as the inventory wrote it. */
  name: string;
  /** `normalizePackageName(ecosystem, name)`, the key advisories are matched on. */
  normalized_name: string;
  /** `baseEcosystem(ecosystem)` (`Debian` for `Debian:12`). */
  base_ecosystem: string;
  version: string;
  purl: string | null;
  /** OS packages: the normalised source package name (`openssl` for `libssl3`), which Debian advisories name. */
  source_name: string | null;
  source_version: string | null;
}

// Outbound notifications (migration 0006): webhook endpoints and the transactional outbox.

/** `webhooks`: an organisation's endpoints for signed deliveries (Standard Webhooks). */
export interface WebhooksTable {
  id: string;
  org_id: string;
  /** http or https, without credentials. */
  url: string;
  /** `whsec_…`, readable because the server signs with it; never returned after creation. */
  secret: string;
  description: string | null;
  /** 1 or 0. */
  enabled: number;
  /** Failed deliveries since the last success; at the limit the webhook is disabled. */
  consecutive_failures: number;
  disabled_at: string | null;
  disabled_reason: string | null;
  created_at: string;
}

/** `outbox`: messages written with the change they report, delivered afterwards by workers. */
export interface OutboxTable {
  id: string;
  /** `webhook` or `email`. */
  kind: string;
  /** The webhook's id for `webhook` messages. */
  target_id: string;
  /** JSON text; for webhooks, exactly the body that is signed and sent. */
  payload: string;
  /** `pending` (not tried yet), `failed` (waiting for a retry), `sent`, `dead` (given up). */
  state: string;
  /** Attempts started (claims) so far. */
  attempts: number;
  /** Not claimed before this time; a claim pushes it out by its lease. */
  next_attempt_at: string;
  claim_token: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** `signing_keys` (migration 0007): the clearinghouse's Ed25519 key pairs; see `signing/key-store.ts`. */
export interface SigningKeysTable {
  /** `signingKeyId` of the public key (derived from it). */
  id: string;
  /** Always `ed25519`. */
  algorithm: string;
  /** SPKI PEM. */
  public_key: string;
  /** base64 of iv ‖ tag ‖ AES-256-GCM ciphertext of the PKCS#8 DER private key, under the master key. */
  private_key_encrypted: string;
  created_at: string;
  /** Set when a newer key replaced it; null for the key in use. */
  retired_at: string | null;
}

// Continuous monitoring (migration 0008).

/** `kb_changes`: the knowledge base's change feed, one row per advisory added, replaced, withdrawn or removed. */
export interface KbChangesTable {
  /** Increases with every row: the monitor's cursor. */
  seq: Generated<number>;
  advisory_id: string;
  /** `added`, `replaced`, `withdrawn` or `removed`. */
  change: string;
  at: string;
}

/** `job_cursors`: how far a background job has read a feed (`kb_changes`, `alert_events`). */
export interface JobCursorsTable {
  name: string;
  position: number | string | bigint;
  updated_at: string;
}

/** `alerts`: one vulnerability group found in one component of one asset, with its facts and status. */
export interface AlertsTable {
  id: string;
  org_id: string;
  asset_id: string;
  ecosystem: string;
  package_name: string;
  normalized_name: string;
  /** The installed version(s), comma-separated when the inventory has several. */
  version: string;
  purl: string | null;
  /** The group's key: its CVE when it has one, else its first advisory id. */
  vuln_id: string;
  /** JSON arrays of strings. */
  advisory_ids: string;
  aliases: string;
  summary: string | null;
  /** critical, high, medium, low or unknown. */
  severity: string;
  severity_score: number | null;
  severity_vector: string | null;
  /** JSON (`FindingKev`, `FindingEpss`, `FindingSsvc`, `FindingDeadline`) or null. */
  kev: string | null;
  epss: string | null;
  ssvc: string | null;
  ssvc_decision: string | null;
  timeline: string | null;
  priority: number;
  /** JSON array of versions. */
  fixed_versions: string;
  first_detected_at: string;
  /** YYYY-MM-DD: the earlier of KEV dateAdded and first detection; the timeline counts from it. */
  clock_start: string;
  /** YYYY-MM-DD, null when the timeline has no fixed number of days. */
  due_at: string | null;
  status: string;
  status_reason: string | null;
  /** VEX justification of a not-affected alert. */
  justification: string | null;
  risk_expires_at: string | null;
  resolved_at: string | null;
  /** The upload that showed the component fixed or gone. */
  evidence_inventory_id: string | null;
  created_at: string;
  updated_at: string;
}

/** `alert_advisories`: the advisories of an alert's group. */
export interface AlertAdvisoriesTable {
  alert_id: string;
  advisory_id: string;
}

/** `alert_events`: every status change of an alert. */
export interface AlertEventsTable {
  seq: Generated<number>;
  alert_id: string;
  org_id: string;
  at: string;
  /** The user who changed it; null for the monitor. */
  actor: string | null;
  from_status: string | null;
  to_status: string;
  note: string | null;
  /** JSON. */
  details: string | null;
}

/** `bulletins`: one remediation bulletin per vulnerability group. */
export interface BulletinsTable {
  id: string;
  vuln_id: string;
  title: string;
  instructions: string;
  /** JSON `[{ecosystem, name, fixedVersions}]`. */
  fixes: string;
  /** JSON `[{url, title?}]`: vendor patches and advisories. */
  links: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** `bulletin_artifacts`: uploaded patch files, stored content-addressed and signed. */
export interface BulletinArtifactsTable {
  id: string;
  bulletin_id: string;
  filename: string;
  media_type: string;
  size: number | string | bigint;
  sha256: string;
  /** base64 Ed25519 signature of the file's bytes. */
  signature: string;
  key_id: string;
  created_at: string;
}

/** `bulletin_deliveries`: a bulletin's progress at one operator. */
export interface BulletinDeliveriesTable {
  bulletin_id: string;
  org_id: string;
  /** delivered, viewed, acknowledged or applied. */
  status: string;
  delivered_at: string;
  viewed_at: string | null;
  acknowledged_at: string | null;
  applied_at: string | null;
}

/** `inbox_items`: the in-app inbox, one row per recipient. */
export interface InboxItemsTable {
  id: string;
  user_id: string;
  org_id: string | null;
  kind: string;
  severity: string | null;
  title: string;
  body: string;
  link: string | null;
  /** What it is about (an alert, a bulletin, a webhook). */
  subject_id: string | null;
  created_at: string;
  read_at: string | null;
  /** immediate, digest or none. */
  email_mode: string;
  emailed_at: string | null;
}

/** `notification_prefs`: per user and severity, immediate e-mail, daily digest or none. */
export interface NotificationPrefsTable {
  user_id: string;
  severity: string;
  mode: string;
}

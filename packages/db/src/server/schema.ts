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
}

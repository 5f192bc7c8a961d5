import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { ApiTokensTable, ServerSchema } from "../schema.ts";

/** Every token starts with this, so a leaked one is easy to recognise (and to scan for). */
export const API_TOKEN_PREFIX = "bwk_";

/** An API token's stored facts (never its secret). */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  /** The first characters of the secret, to tell tokens apart. */
  readonly prefix: string;
  readonly userId: string;
  readonly orgId?: string;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly expiresAt?: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

/** A token just made: the secret, shown once, and its record. */
export interface CreatedApiToken {
  readonly secret: string;
  readonly token: ApiToken;
}

/** SHA-256 of a token secret: secrets are 256 random bits, so a fast hash is enough to store them. */
export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId: row.user_id,
    ...(row.org_id !== null && { orgId: row.org_id }),
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
    ...(row.expires_at !== null && { expiresAt: row.expires_at }),
    ...(row.last_used_at !== null && { lastUsedAt: row.last_used_at }),
    ...(row.revoked_at !== null && { revokedAt: row.revoked_at }),
  };
}

/** API tokens: made with a random secret shown once, stored hashed, scoped, expiring, revocable. */
export class ApiTokenRepository {
  readonly #db: Kysely<ServerSchema>;

  constructor(db: Kysely<ServerSchema>) {
    this.#db = db;
  }

  /** Make a token for a user, optionally acting for one organisation. */
  async create(
    input: { userId: string; orgId?: string; name: string; scopes: readonly string[]; expiresAt?: Date },
    now: Date,
  ): Promise<CreatedApiToken> {
    const secret = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
    const row = {
      id: randomUUID(),
      token_hash: hashTokenSecret(secret),
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
      name: input.name,
      user_id: input.userId,
      org_id: input.orgId ?? null,
      scopes: JSON.stringify([...input.scopes].sort()),
      created_at: now.toISOString(),
      expires_at: input.expiresAt?.toISOString() ?? null,
      last_used_at: null,
      revoked_at: null,
    };
    await this.#db.insertInto("api_tokens").values(row).execute();
    return { secret, token: toToken(row) };
  }

  /**
   * The token a secret names, if it is usable now (not revoked, not expired); records the use.
   * Unknown, revoked and expired tokens all give undefined, so a caller cannot tell them apart.
   */
  async authenticate(secret: string, now: Date): Promise<ApiToken | undefined> {
    if (!secret.startsWith(API_TOKEN_PREFIX)) return undefined;
    const row = await this.#db
      .selectFrom("api_tokens")
      .selectAll()
      .where("token_hash", "=", hashTokenSecret(secret))
      .executeTakeFirst();
    if (row === undefined || row.revoked_at !== null) return undefined;
    const at = now.toISOString();
    if (row.expires_at !== null && row.expires_at <= at) return undefined;
    await this.#db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", row.id).execute();
    return toToken({ ...row, last_used_at: at });
  }

  /** A user's tokens, newest first. */
  async listForUser(userId: string): Promise<ApiToken[]> {
    const rows = await this.#db
      .selectFrom("api_tokens")
      .selectAll()
      .where("user_id", "=", userId)
      .orderBy("created_at", "desc")
      .orderBy("id")
      .execute();
    return rows.map(toToken);
  }

  /** Revoke a token (idempotent); false when there is no such token. */
  async revoke(id: string, now: Date): Promise<boolean> {
    const row = await this.#db.selectFrom("api_tokens").select("revoked_at").where("id", "=", id).executeTakeFirst();
    if (row === undefined) return false;
    if (row.revoked_at === null) {
      await this.#db.updateTable("api_tokens").set({ revoked_at: now.toISOString() }).where("id", "=", id).execute();
    }
    return true;
  }
}

import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { ServerSchema, SessionsTable } from "../schema.ts";

/** How long a session lives: it ends after `idleTimeoutMs` unused or `absoluteLifetimeMs` after sign-in, whichever is first. */
export interface SessionPolicy {
  readonly idleTimeoutMs: number;
  readonly absoluteLifetimeMs: number;
}

/**
 * 30 minutes idle, 8 hours at most (OWASP's range for applications handling sensitive data):
 * a forgotten browser tab stops being a way in within the half hour, and a working day needs
 * one sign-in.
 */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleTimeoutMs: 30 * 60_000, absoluteLifetimeMs: 8 * 3_600_000 };

/** A live browser session (never its cookie value, which only the browser holds). */
export interface Session {
  /** SHA-256 of the cookie value: safe to show or log, useless as a credential. */
  readonly id: string;
  readonly userId: string;
  /** The synchronizer token unsafe requests must echo in `X-CSRF-Token`. */
  readonly csrfToken: string;
  readonly createdAt: string;
  /** The absolute end, whatever the activity. */
  readonly expiresAt: string;
  readonly lastSeenAt: string;
  /** When the session ends if it is not used again before. */
  readonly idleExpiresAt: string;
}

/** A session just made: the cookie value for the browser, and its record. */
export interface CreatedSession {
  readonly cookieValue: string;
  readonly session: Session;
}

// 32 random bytes in base64url, without padding.
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/** SHA-256 of a session cookie value: the value is 256 random bits, so a fast hash is enough to store it. */
export function hashSessionId(cookieValue: string): string {
  return createHash("sha256").update(cookieValue).digest("hex");
}

/** Server-side sessions: the cookie carries a random id, the database only its hash. */
export class SessionRepository {
  readonly #db: Kysely<ServerSchema>;
  readonly #policy: SessionPolicy;

  constructor(db: Kysely<ServerSchema>, policy: SessionPolicy = DEFAULT_SESSION_POLICY) {
    this.#db = db;
    this.#policy = policy;
  }

  /** Start a session for a user (after they proved who they are: a password, an OIDC callback). */
  async create(userId: string, now: Date): Promise<CreatedSession> {
    const cookieValue = randomBytes(32).toString("base64url");
    const at = now.toISOString();
    const row = {
      id_hash: hashSessionId(cookieValue),
      user_id: userId,
      csrf_token: randomBytes(32).toString("base64url"),
      created_at: at,
      expires_at: new Date(now.getTime() + this.#policy.absoluteLifetimeMs).toISOString(),
      last_seen_at: at,
    };
    await this.#db.insertInto("sessions").values(row).execute();
    return { cookieValue, session: this.#toSession(row) };
  }

  /**
   * The live session a cookie value names, its last use moved to `now` (the idle timeout slides,
   * the absolute expiry does not). Unknown, idle and expired sessions all give undefined; ended
   * ones are deleted on the way.
   */
  async find(cookieValue: string, now: Date): Promise<Session | undefined> {
    if (!COOKIE_VALUE.test(cookieValue)) return undefined;
    const idHash = hashSessionId(cookieValue);
    const row = await this.#db.selectFrom("sessions").selectAll().where("id_hash", "=", idHash).executeTakeFirst();
    if (row === undefined) return undefined;
    if (!this.#live(row, now)) {
      await this.#db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
      return undefined;
    }
    const at = now.toISOString();
    await this.#db.updateTable("sessions").set({ last_seen_at: at }).where("id_hash", "=", idHash).execute();
    return this.#toSession({ ...row, last_seen_at: at });
  }

  /** End the session a cookie value names (sign-out); false when there was none. */
  async delete(cookieValue: string): Promise<boolean> {
    if (!COOKIE_VALUE.test(cookieValue)) return false;
    const result = await this.#db
      .deleteFrom("sessions")
      .where("id_hash", "=", hashSessionId(cookieValue))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** End every session of a user, but the one with id `exceptId` if given (a password change keeps the current one). */
  async deleteForUser(userId: string, exceptId?: string): Promise<number> {
    let q = this.#db.deleteFrom("sessions").where("user_id", "=", userId);
    if (exceptId !== undefined) q = q.where("id_hash", "!=", exceptId);
    const result = await q.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Delete sessions that have ended by either limit (housekeeping; `find` never returns them anyway). */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.#db
      .deleteFrom("sessions")
      .where((eb) =>
        eb.or([eb("expires_at", "<=", now.toISOString()), eb("last_seen_at", "<=", this.#idleCutoff(now))]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // Times are ISO 8601 UTC text of one width, so text comparison is time comparison.
  #idleCutoff(now: Date): string {
    return new Date(now.getTime() - this.#policy.idleTimeoutMs).toISOString();
  }

  #live(row: Selectable<SessionsTable>, now: Date): boolean {
    return row.expires_at > now.toISOString() && row.last_seen_at > this.#idleCutoff(now);
  }

  #toSession(row: Selectable<SessionsTable>): Session {
    // The session ends at whichever limit comes first.
    const idleEnd = Math.min(Date.parse(row.last_seen_at) + this.#policy.idleTimeoutMs, Date.parse(row.expires_at));
    return {
      id: row.id_hash,
      userId: row.user_id,
      csrfToken: row.csrf_token,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      lastSeenAt: row.last_seen_at,
      idleExpiresAt: new Date(idleEnd).toISOString(),
    };
  }
}

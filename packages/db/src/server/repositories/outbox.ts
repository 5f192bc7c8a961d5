import { randomUUID } from "node:crypto";
import { type Kysely, PostgresAdapter, type Selectable, sql } from "kysely";
import type { OutboxTable, ServerSchema } from "../schema.ts";

/** What the outbox carries. */
export const OUTBOX_KINDS = ["webhook", "email"] as const;

/** One of {@link OUTBOX_KINDS}. */
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/** `pending` (never tried), `failed` (waiting for a retry), `sent`, `dead` (given up). */
export type OutboxState = "pending" | "failed" | "sent" | "dead";

/** A stored message. */
export interface OutboxMessage {
  readonly id: string;
  readonly kind: OutboxKind;
  readonly targetId: string;
  /** JSON text, exactly as enqueued. */
  readonly payload: string;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError?: string;
  readonly createdAt: string;
  readonly sentAt?: string;
}

/** A message taken by one worker; finishing it needs the claim's token. */
export interface ClaimedMessage extends OutboxMessage {
  readonly claimToken: string;
}

/** When to retry and when to give up. */
export interface OutboxRetryPolicy {
  /** The wait after the first failed attempt; it doubles after each further one. */
  readonly baseDelaySeconds: number;
  /** No wait is longer than this. */
  readonly maxDelaySeconds: number;
  /** After this many failed attempts the message is dead. */
  readonly maxAttempts: number;
}

/** 30 s, 1 min, 2 min, … capped at 6 h; dead after 12 attempts (about 14.5 hours in all). */
export const DEFAULT_OUTBOX_RETRY: OutboxRetryPolicy = {
  baseDelaySeconds: 30,
  maxDelaySeconds: 6 * 3600,
  maxAttempts: 12,
};

/** The wait in ms after failed attempt number `attempt` (1 for the first). */
export function outboxRetryDelayMs(attempt: number, policy: OutboxRetryPolicy = DEFAULT_OUTBOX_RETRY): number {
  // The exponent is bounded so the power stays finite; the cap applies long before.
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(policy.baseDelaySeconds * 2 ** exponent, policy.maxDelaySeconds) * 1000;
}

const DUE_STATES: OutboxState[] = ["pending", "failed"];
const MAX_ERROR_LENGTH = 1000;

function toMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind as OutboxKind,
    targetId: row.target_id,
    payload: row.payload,
    state: row.state as OutboxState,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error !== null && { lastError: row.last_error }),
    createdAt: row.created_at,
    ...(row.sent_at !== null && { sentAt: row.sent_at }),
  };
}

/**
 * The transactional outbox. `enqueue` runs on the caller's transaction, so a message exists
 * exactly when the change it reports committed. Workers `claimDue` with one `UPDATE … RETURNING`
 * (under SQLite's write lock, or `FOR UPDATE SKIP LOCKED` on PostgreSQL), so two nodes never hold
 * the same message; a claim is a lease that lapses if its worker dies, which makes delivery
 * at-least-once (receivers deduplicate by message id).
 */
export class OutboxRepository {
  readonly #db: Kysely<ServerSchema>;

  constructor(db: Kysely<ServerSchema>) {
    this.#db = db;
  }

  /** Add a message, due at once (or at `notBefore`). Pass the transaction of the change it reports. */
  async enqueue(
    message: { kind: OutboxKind; targetId: string; payload: unknown },
    now: Date,
    opts: { notBefore?: Date } = {},
  ): Promise<OutboxMessage> {
    const row = {
      id: randomUUID(),
      kind: message.kind,
      target_id: message.targetId,
      payload: JSON.stringify(message.payload ?? null),
      state: "pending",
      attempts: 0,
      next_attempt_at: (opts.notBefore ?? now).toISOString(),
      claim_token: null,
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    };
    await this.#db.insertInto("outbox").values(row).execute();
    return toMessage(row);
  }

  /** By id. */
  async byId(id: string): Promise<OutboxMessage | undefined> {
    const row = await this.#db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toMessage(row);
  }

  /** Messages for one target, oldest first (tests and diagnostics). */
  async forTarget(targetId: string): Promise<OutboxMessage[]> {
    const rows = await this.#db
      .selectFrom("outbox")
      .selectAll()
      .where("target_id", "=", targetId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map(toMessage);
  }

  /**
   * Take up to `limit` due messages of a kind for `leaseSeconds`: each attempt is counted now, and
   * the message is due again when the lease passes, should this worker never report back.
   */
  async claimDue(
    kind: OutboxKind,
    now: Date,
    opts: { limit?: number; leaseSeconds?: number } = {},
  ): Promise<ClaimedMessage[]> {
    const iso = now.toISOString();
    const token = randomUUID();
    const leaseEnd = new Date(now.getTime() + (opts.leaseSeconds ?? 60) * 1000).toISOString();
    let due = this.#db
      .selectFrom("outbox")
      .select("id")
      .where("kind", "=", kind)
      .where("state", "in", DUE_STATES)
      .where("next_attempt_at", "<=", iso)
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(opts.limit ?? 10);
    if (this.#db.getExecutor().adapter instanceof PostgresAdapter) due = due.forUpdate().skipLocked();
    // The conditions are repeated on the update: PostgreSQL re-checks them on a row another claim
    // just changed, so a row leased in between is left alone rather than claimed twice.
    const rows = await this.#db
      .updateTable("outbox")
      .set({ attempts: sql`attempts + 1`, next_attempt_at: leaseEnd, claim_token: token })
      .where("id", "in", due)
      .where("state", "in", DUE_STATES)
      .where("next_attempt_at", "<=", iso)
      .returningAll()
      .execute();
    return rows
      .map((r) => ({ ...toMessage(r), claimToken: token }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** The claimed message was delivered. False when the claim had lapsed and another took it. */
  async markSent(message: ClaimedMessage, now: Date): Promise<boolean> {
    const r = await this.#db
      .updateTable("outbox")
      .set({ state: "sent", sent_at: now.toISOString(), claim_token: null, last_error: null })
      .where("id", "=", message.id)
      .where("claim_token", "=", message.claimToken)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * The claimed attempt failed: retry after the policy's backoff, or give up (`dead`) when it was
   * the last attempt. Undefined when the claim had lapsed.
   */
  async markFailed(
    message: ClaimedMessage,
    error: string,
    now: Date,
    policy: OutboxRetryPolicy = DEFAULT_OUTBOX_RETRY,
  ): Promise<"failed" | "dead" | undefined> {
    const dead = message.attempts >= policy.maxAttempts;
    const next = new Date(now.getTime() + outboxRetryDelayMs(message.attempts, policy));
    const r = await this.#db
      .updateTable("outbox")
      .set({
        state: dead ? "dead" : "failed",
        next_attempt_at: dead ? now.toISOString() : next.toISOString(),
        claim_token: null,
        last_error: error.slice(0, MAX_ERROR_LENGTH),
      })
      .where("id", "=", message.id)
      .where("claim_token", "=", message.claimToken)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return undefined;
    return dead ? "dead" : "failed";
  }

  /** Give up on every undelivered message for a target (its webhook was disabled or deleted). */
  async abandonForTarget(targetId: string, reason: string): Promise<number> {
    const r = await this.#db
      .updateTable("outbox")
      .set({ state: "dead", claim_token: null, last_error: reason.slice(0, MAX_ERROR_LENGTH) })
      .where("target_id", "=", targetId)
      .where("state", "in", DUE_STATES)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

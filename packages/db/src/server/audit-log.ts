import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Kysely, Transaction } from "kysely";
import type { AuditLogTable, ServerSchema } from "./schema.ts";

/** The hash that the first entry chains onto. */
export const AUDIT_GENESIS_HASH = "0".repeat(64);

/** What is recorded about one act. */
export interface AuditEvent {
  /** ISO 8601 time of the act (the caller's clock). */
  readonly at: string;
  /** `org.create`, `token.create`, `advisory.read`, … */
  readonly action: string;
  readonly actorUserId?: string;
  readonly actorOrgId?: string;
  readonly requestId?: string;
  readonly objectType?: string;
  readonly objectId?: string;
  /** The TLP label of the object read or changed, when it has one. */
  readonly tlp?: string;
  /** Anything else worth keeping (never secrets). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** One stored entry of the chain. */
export interface AuditEntry extends AuditEvent {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

function content(row: Omit<AuditLogTable, "hash">): string {
  // Canonical JSON (RFC 8785) of every column but the hash, so any edited field, a changed seq
  // (reordering) or a changed prev_hash (a deleted predecessor) changes the hash.
  return canonicalize({
    seq: Number(row.seq),
    at: row.at,
    actorUserId: row.actor_user_id,
    actorOrgId: row.actor_org_id,
    requestId: row.request_id,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    tlp: row.tlp,
    details: JSON.parse(row.details) as unknown,
    prevHash: row.prev_hash,
  }) as string;
}

/** The hash an entry must have: SHA-256 over its canonical JSON, which includes the previous hash. */
export function auditEntryHash(row: Omit<AuditLogTable, "hash">): string {
  return createHash("sha256").update(content(row)).digest("hex");
}

/**
 * Take the audit chain's lock at the start of a transaction whose reads decide what it writes
 * (bootstrapping the first administrator: "no users yet"), so two processes cannot both decide.
 * A row lock on PostgreSQL, the write lock on SQLite; held until the transaction ends.
 */
export async function lockAuditHead(trx: Transaction<ServerSchema>): Promise<void> {
  await trx
    .updateTable("audit_head")
    .set((eb) => ({ appends: eb("appends", "+", 0) }))
    .where("id", "=", 1)
    .execute();
}

/**
 * Append an event to the chain inside the caller's transaction, so the act and its record commit
 * together or not at all. Appends are serialised through the `audit_head` row on both dialects.
 */
export async function appendAudit(trx: Transaction<ServerSchema>, event: AuditEvent): Promise<AuditEntry> {
  await trx
    .updateTable("audit_head")
    .set((eb) => ({ appends: eb("appends", "+", 1) }))
    .where("id", "=", 1)
    .execute();
  const last = await trx
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const row: Omit<AuditLogTable, "hash"> = {
    seq: last === undefined ? 1 : Number(last.seq) + 1,
    at: event.at,
    actor_user_id: event.actorUserId ?? null,
    actor_org_id: event.actorOrgId ?? null,
    request_id: event.requestId ?? null,
    action: event.action,
    object_type: event.objectType ?? null,
    object_id: event.objectId ?? null,
    tlp: event.tlp ?? null,
    details: JSON.stringify(event.details ?? {}),
    prev_hash: last?.hash ?? AUDIT_GENESIS_HASH,
  };
  const hash = auditEntryHash(row);
  await trx
    .insertInto("audit_log")
    .values({ ...row, hash })
    .execute();
  return { ...event, seq: row.seq, prevHash: row.prev_hash, hash };
}

/** The result of {@link verifyAuditChain}. */
export type AuditVerdict =
  | { readonly ok: true; readonly entries: number; readonly head?: string }
  | {
      readonly ok: false;
      readonly entries: number;
      /** The first entry that does not fit the chain. */
      readonly firstBad: { readonly seq: number; readonly reason: string };
    };

const PAGE = 1000;

/**
 * Re-hash the whole chain in order. It breaks at the first entry whose hash is not the hash of its
 * content (edited), whose seq is not the next number (deleted or reordered), or whose prev_hash is
 * not the previous entry's hash (deleted, inserted or reordered).
 */
export async function verifyAuditChain(db: Kysely<ServerSchema>): Promise<AuditVerdict> {
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">=", expectedSeq)
      .orderBy("seq")
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      const bad = (reason: string): AuditVerdict => ({ ok: false, entries, firstBad: { seq, reason } });
      if (seq !== expectedSeq) return bad(`expected entry ${expectedSeq} here: an entry is missing or out of order`);
      if (row.prev_hash !== prevHash) return bad("prev_hash is not the previous entry's hash");
      if (auditEntryHash(row) !== row.hash) return bad("the entry's content does not match its hash (edited)");
      prevHash = row.hash;
      expectedSeq++;
      entries++;
    }
    if (rows.length < PAGE) break;
  }
  return entries === 0 ? { ok: true, entries } : { ok: true, entries, head: prevHash };
}

import { randomUUID } from "node:crypto";
import { type Kysely, type Selectable, sql } from "kysely";
import type { InboxItemsTable, ServerSchema } from "../schema.ts";

/** How an inbox item goes out by e-mail: at once, in the daily digest, or not at all. */
export const EMAIL_MODES = ["immediate", "digest", "none"] as const;

/** One of {@link EMAIL_MODES}. */
export type EmailMode = (typeof EMAIL_MODES)[number];

/** An item of a user's in-app inbox. */
export interface InboxItem {
  readonly id: string;
  readonly userId: string;
  readonly orgId?: string;
  /** What happened: `alert.opened`, `alert.reopened`, `alert.closed`, `alert.remediated`, `webhook.disabled`, `bulletin`. */
  readonly kind: string;
  readonly severity?: string;
  readonly title: string;
  readonly body: string;
  /** Where to look, as a path of the server (`/api/v1/alerts/{id}`). */
  readonly link?: string;
  /** The alert, webhook… the item is about. */
  readonly subjectId?: string;
  readonly createdAt: string;
  readonly readAt?: string;
  readonly emailMode: EmailMode;
  /** When it was put into an e-mail (queued in the outbox). */
  readonly emailedAt?: string;
}

/** What adding an item takes; the repository gives it an id and the time. */
export interface NewInboxItem {
  readonly userId: string;
  readonly orgId?: string;
  readonly kind: string;
  readonly severity?: string;
  readonly title: string;
  readonly body: string;
  readonly link?: string;
  readonly subjectId?: string;
  readonly emailMode: EmailMode;
  /** Set when the item is put into an immediate e-mail in the same transaction. */
  readonly emailedAt?: Date;
}

/** Where a page of a user's inbox continues: after this item (newest first). */
export interface InboxKey {
  readonly createdAt: string;
  readonly id: string;
}

// 14 columns a row: 400 rows stay well under SQLite's 32,766 bound parameters.
const INSERT_BATCH = 400;

function toItem(row: Selectable<InboxItemsTable>): InboxItem {
  return {
    id: row.id,
    userId: row.user_id,
    ...(row.org_id !== null && { orgId: row.org_id }),
    kind: row.kind,
    ...(row.severity !== null && { severity: row.severity }),
    title: row.title,
    body: row.body,
    ...(row.link !== null && { link: row.link }),
    ...(row.subject_id !== null && { subjectId: row.subject_id }),
    createdAt: row.created_at,
    ...(row.read_at !== null && { readAt: row.read_at }),
    emailMode: row.email_mode as EmailMode,
    ...(row.emailed_at !== null && { emailedAt: row.emailed_at }),
  };
}

/**
 * The in-app inbox: one row per recipient, written by the notifier in the transaction of the
 * events it reports, read and marked read by its user. `orgId` filters serve API tokens made for
 * one organisation, which see that organisation's items only.
 */
export class InboxRepository {
  readonly #db: Kysely<ServerSchema>;

  constructor(db: Kysely<ServerSchema>) {
    this.#db = db;
  }

  /** Add items (any number, in batches); pass the transaction of what they report. */
  async add(items: readonly NewInboxItem[], now: Date): Promise<InboxItem[]> {
    const rows: Selectable<InboxItemsTable>[] = items.map((item) => ({
      id: randomUUID(),
      user_id: item.userId,
      org_id: item.orgId ?? null,
      kind: item.kind,
      severity: item.severity ?? null,
      title: item.title,
      body: item.body,
      link: item.link ?? null,
      subject_id: item.subjectId ?? null,
      created_at: now.toISOString(),
      read_at: null,
      email_mode: item.emailMode,
      emailed_at: item.emailedAt?.toISOString() ?? null,
    }));
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      await this.#db
        .insertInto("inbox_items")
        .values(rows.slice(i, i + INSERT_BATCH))
        .execute();
    }
    return rows.map(toItem);
  }

  /** By id. */
  async byId(id: string): Promise<InboxItem | undefined> {
    const row = await this.#db.selectFrom("inbox_items").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toItem(row);
  }

  /** A user's items, newest first, after `after` (keyset), at most `limit`. */
  async list(
    userId: string,
    opts: { limit: number; after?: InboxKey; unread?: boolean; orgId?: string },
  ): Promise<InboxItem[]> {
    let q = this.#db
      .selectFrom("inbox_items")
      .selectAll()
      .where("user_id", "=", userId)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(opts.limit);
    if (opts.unread === true) q = q.where("read_at", "is", null);
    if (opts.orgId !== undefined) q = q.where("org_id", "=", opts.orgId);
    const after = opts.after;
    if (after !== undefined) {
      q = q.where((eb) =>
        eb.or([
          eb("created_at", "<", after.createdAt),
          eb.and([eb("created_at", "=", after.createdAt), eb("id", "<", after.id)]),
        ]),
      );
    }
    return (await q.execute()).map(toItem);
  }

  /** How many of the user's items are unread. */
  async countUnread(userId: string, opts: { orgId?: string } = {}): Promise<number> {
    let q = this.#db
      .selectFrom("inbox_items")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("user_id", "=", userId)
      .where("read_at", "is", null);
    if (opts.orgId !== undefined) q = q.where("org_id", "=", opts.orgId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /**
   * Mark one of the user's items read (an item read earlier keeps its first read time). Undefined
   * when the user has no such item, so another user's ids cannot be probed.
   */
  async markRead(userId: string, id: string, now: Date, opts: { orgId?: string } = {}): Promise<InboxItem | undefined> {
    let q = this.#db
      .updateTable("inbox_items")
      .set({ read_at: sql<string>`coalesce(read_at, ${now.toISOString()})` })
      .where("id", "=", id)
      .where("user_id", "=", userId);
    if (opts.orgId !== undefined) q = q.where("org_id", "=", opts.orgId);
    const row = await q.returningAll().executeTakeFirst();
    return row && toItem(row);
  }

  /** Mark all the user's unread items read; how many there were. */
  async markAllRead(userId: string, now: Date, opts: { orgId?: string } = {}): Promise<number> {
    let q = this.#db
      .updateTable("inbox_items")
      .set({ read_at: now.toISOString() })
      .where("user_id", "=", userId)
      .where("read_at", "is", null);
    if (opts.orgId !== undefined) q = q.where("org_id", "=", opts.orgId);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  /** Users with digest items not yet e-mailed, in id order. */
  async usersAwaitingDigest(): Promise<string[]> {
    const rows = await this.#db
      .selectFrom("inbox_items")
      .select("user_id")
      .distinct()
      .where("email_mode", "=", "digest")
      .where("emailed_at", "is", null)
      .orderBy("user_id")
      .execute();
    return rows.map((r) => r.user_id);
  }

  /**
   * Take the user's digest items not yet e-mailed, marking them e-mailed at `now`, oldest first.
   * One `UPDATE … RETURNING`: a second run (or another node) finds them taken, so each item is in
   * one digest only. Run it in the transaction that queues the digest e-mail.
   */
  async takeDigest(userId: string, now: Date): Promise<InboxItem[]> {
    const rows = await this.#db
      .updateTable("inbox_items")
      .set({ emailed_at: now.toISOString() })
      .where("user_id", "=", userId)
      .where("email_mode", "=", "digest")
      .where("emailed_at", "is", null)
      .returningAll()
      .execute();
    return rows.map(toItem).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}

import { type Kysely, PostgresAdapter } from "kysely";
import type { ServerSchema } from "../schema.ts";

/**
 * Where a feed-following job stands (0 before its first run), read inside the caller's transaction
 * with the row locked on PostgreSQL, so two server nodes never process the same feed rows: the
 * second waits for the first to commit and then reads the advanced position. SQLite transactions
 * are serial already.
 */
export async function readCursorForUpdate(trx: Kysely<ServerSchema>, name: string, now: Date): Promise<number> {
  // The row must exist before it can be locked; inserting it is idempotent.
  await trx
    .insertInto("job_cursors")
    .values({ name, position: 0, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await trx
    .selectFrom("job_cursors")
    .select("position")
    .where("name", "=", name)
    .$if(trx.getExecutor().adapter instanceof PostgresAdapter, (q) => q.forUpdate())
    .executeTakeFirstOrThrow();
  return Number(row.position);
}

/** Move a job's cursor to `position` in the caller's transaction. */
export async function advanceCursor(
  trx: Kysely<ServerSchema>,
  name: string,
  position: number,
  now: Date,
): Promise<void> {
  await trx
    .updateTable("job_cursors")
    .set({ position, updated_at: now.toISOString() })
    .where("name", "=", name)
    .execute();
}

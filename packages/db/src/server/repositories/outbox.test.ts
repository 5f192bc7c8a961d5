import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openServerDb, type ServerDb } from "../connect.ts";
import { migrateServerDb } from "../migrate.ts";
import { type TestServerDb, testDialects } from "../testing.ts";
import { DEFAULT_OUTBOX_RETRY, OutboxRepository, outboxRetryDelayMs } from "./outbox.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe("outbox retry delays", () => {
  it("double from 30 s and stop at the cap", () => {
    expect([1, 2, 3, 4].map((n) => outboxRetryDelayMs(n) / 1000)).toEqual([30, 60, 120, 240]);
    expect(outboxRetryDelayMs(11) / 1000).toBe(DEFAULT_OUTBOX_RETRY.maxDelaySeconds);
    expect(outboxRetryDelayMs(10_000) / 1000).toBe(DEFAULT_OUTBOX_RETRY.maxDelaySeconds);
  });
});

describe.each(testDialects())("outbox on $name", (dialect) => {
  let db: TestServerDb;
  let outbox: OutboxRepository;
  const extra: ServerDb[] = [];
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    outbox = new OutboxRepository(db.kysely);
  });
  afterEach(async () => {
    for (const d of extra.splice(0)) await d.close();
    await db.dispose();
  });

  it("keeps a message exactly when the caller's transaction commits", async () => {
    const kept = await db.kysely.transaction().execute(async (trx) => {
      return new OutboxRepository(trx).enqueue({ kind: "webhook", targetId: "w1", payload: { n: 1 } }, NOW);
    });
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await new OutboxRepository(trx).enqueue({ kind: "webhook", targetId: "w1", payload: { n: 2 } }, NOW);
        throw new Error("the business change failed");
      }),
    ).rejects.toThrow("the business change failed");
    const stored = await outbox.forTarget("w1");
    expect(stored).toEqual([kept]);
    expect(stored[0]).toMatchObject({ payload: '{"n":1}', state: "pending", attempts: 0 });
  });

  it("claims due messages once per lease, and only the claim holder finishes them", async () => {
    const now = await outbox.enqueue({ kind: "webhook", targetId: "w1", payload: 1 }, NOW);
    const later = await outbox.enqueue({ kind: "webhook", targetId: "w1", payload: 2 }, NOW, { notBefore: at(600) });
    await outbox.enqueue({ kind: "email", targetId: "u1", payload: 3 }, NOW);
    const first = await outbox.claimDue("webhook", NOW, { leaseSeconds: 60 });
    expect(first.map((m) => [m.id, m.attempts])).toEqual([[now.id, 1]]);
    expect(await outbox.claimDue("webhook", at(59))).toEqual([]);
    // The worker went silent: after the lease another claim takes it over, as attempt 2.
    const again = await outbox.claimDue("webhook", at(60));
    expect(again.map((m) => [m.id, m.attempts])).toEqual([[now.id, 2]]);
    expect(await outbox.markSent(first[0] as (typeof first)[0], at(61))).toBe(false);
    expect(await outbox.markSent(again[0] as (typeof again)[0], at(61))).toBe(true);
    expect(await outbox.byId(now.id)).toMatchObject({ state: "sent", sentAt: at(61).toISOString() });
    expect((await outbox.claimDue("webhook", at(600))).map((m) => m.id)).toEqual([later.id]);
    expect((await outbox.claimDue("email", at(600))).map((m) => m.payload)).toEqual(["3"]);
  });

  it("retries failures with exponential backoff and gives up after the last attempt", async () => {
    const policy = { baseDelaySeconds: 30, maxDelaySeconds: 100, maxAttempts: 4 };
    const m = await outbox.enqueue({ kind: "webhook", targetId: "w1", payload: {} }, NOW);
    let t = NOW;
    const waits: number[] = [];
    const outcomes: (string | undefined)[] = [];
    for (;;) {
      const [claimed] = await outbox.claimDue("webhook", t);
      if (claimed === undefined) break;
      outcomes.push(await outbox.markFailed(claimed, `HTTP 500 on attempt ${claimed.attempts}`, t, policy));
      const stored = await outbox.byId(m.id);
      if (stored?.state === "dead") break;
      const next = new Date(stored?.nextAttemptAt as string);
      waits.push((next.getTime() - t.getTime()) / 1000);
      expect(await outbox.claimDue("webhook", new Date(next.getTime() - 1))).toEqual([]);
      t = next;
    }
    expect(waits).toEqual([30, 60, 100]);
    expect(outcomes).toEqual(["failed", "failed", "failed", "dead"]);
    expect(await outbox.byId(m.id)).toMatchObject({ state: "dead", attempts: 4, lastError: "HTTP 500 on attempt 4" });
    expect(await outbox.claimDue("webhook", at(86_400))).toEqual([]);
  });

  it("abandons what is still undelivered for a target", async () => {
    const sent = await outbox.enqueue({ kind: "webhook", targetId: "w1", payload: 1 }, NOW);
    const [claimed] = await outbox.claimDue("webhook", NOW);
    await outbox.markSent(claimed as NonNullable<typeof claimed>, NOW);
    await outbox.enqueue({ kind: "webhook", targetId: "w1", payload: 2 }, at(1));
    await outbox.enqueue({ kind: "webhook", targetId: "w2", payload: 3 }, at(1));
    expect(await outbox.abandonForTarget("w1", "webhook deleted")).toBe(1);
    expect((await outbox.forTarget("w1")).map((m) => [m.id === sent.id, m.state])).toEqual([
      [true, "sent"],
      [false, "dead"],
    ]);
    expect((await outbox.claimDue("webhook", at(1))).map((m) => m.targetId)).toEqual(["w2"]);
  });

  it("never hands one message to two workers on two connections", async () => {
    const unclaimed = async () =>
      (await db.kysely.selectFrom("outbox").select("id").where("claim_token", "is", null).execute()).length;
    for (let i = 0; i < 120; i++) await outbox.enqueue({ kind: "webhook", targetId: `w${i % 7}`, payload: i }, NOW);
    const other =
      dialect.name === "postgres"
        ? openServerDb({ databaseUrl: db.url as string, poolSize: 4 })
        : openServerDb({ dataDir: db.dataDir as string });
    extra.push(other);
    const nodes = [outbox, new OutboxRepository(other.kysely), outbox, new OutboxRepository(other.kysely)];
    // Every round, all four nodes claim at once, so the claims really race; the loop ends only when
    // nothing unclaimed is left, because on PostgreSQL a claim racing another may come back short.
    const taken: string[][] = nodes.map(() => []);
    let rounds = 0;
    do {
      const batches = await Promise.all(nodes.map((node) => node.claimDue("webhook", NOW, { limit: 3 })));
      for (const [i, batch] of batches.entries()) taken[i]?.push(...batch.map((m) => m.id));
      rounds++;
    } while ((await unclaimed()) > 0);
    const all = taken.flat();
    expect(all).toHaveLength(120);
    expect(new Set(all).size).toBe(120);
    // Small batches: the messages were shared out over several rounds of racing claims.
    expect(rounds).toBeGreaterThan(1);
  });
});

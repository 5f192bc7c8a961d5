import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  migrateServerDb,
  OrganisationRepository,
  OutboxRepository,
  openServerDb,
  type ServerDb,
  verifyAuditChain,
  WebhookRepository,
} from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliverDueWebhooks, type WebhookDeliveryOptions } from "./deliver-webhooks.ts";
import { generateWebhookSecret, verifyWebhook } from "./webhook-signature.ts";

const START = new Date("2026-12-02T12:00:00Z");

/** What the receiving endpoint saw: each request, and whether its signature checked out. */
interface Received {
  readonly id: string;
  readonly verdict: string;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

describe.each(testDialects())("webhook delivery on $name", (dialect) => {
  let db: TestServerDb;
  let server: Server;
  let url: string;
  let now: Date;
  let received: Received[];
  /** The status the endpoint answers with for its n-th request (0-based); "hang" never answers. */
  let answer: (n: number) => number | "hang";
  let secret: string;
  let orgId: string;
  const extra: ServerDb[] = [];

  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    now = START;
    received = [];
    answer = () => 204;
    secret = generateWebhookSecret();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        // The receiver checks with the same clock the sender signs with (the test's).
        const verdict = verifyWebhook(secret, req.headers, body, now);
        received.push({
          id: String(req.headers["webhook-id"]),
          verdict: verdict.ok ? "ok" : verdict.reason,
          body,
          headers: req.headers,
        });
        const status = answer(received.length - 1);
        if (status === "hang") return;
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/bulwark`;
    orgId = (await new OrganisationRepository(db.kysely).create({ name: "Valley Water", kind: "operator" }, START)).id;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    for (const d of extra.splice(0)) await d.close();
    await db.dispose();
  });

  async function webhook(): Promise<string> {
    return (await new WebhookRepository(db.kysely).create({ orgId, url, secret }, START)).id;
  }
  async function enqueue(hookId: string, payload: unknown): Promise<string> {
    return db.kysely.transaction().execute(async (trx) => {
      return (await new OutboxRepository(trx).enqueue({ kind: "webhook", targetId: hookId, payload }, now)).id;
    });
  }
  function deliver(opts: WebhookDeliveryOptions = {}, on: ServerDb = db) {
    return deliverDueWebhooks(on, { clock: () => now, timeoutMs: 2000, ...opts });
  }

  it("delivers a message once, signed, with its id and exact body", async () => {
    const hook = await webhook();
    const id = await enqueue(hook, { type: "alert.opened", data: { asset: "pump-controller" } });
    expect(await deliver()).toEqual({ sent: 1, failed: 0, dead: 0, disabled: [] });
    expect(await deliver()).toEqual({ sent: 0, failed: 0, dead: 0, disabled: [] });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      id,
      verdict: "ok",
      body: '{"type":"alert.opened","data":{"asset":"pump-controller"}}',
    });
    expect(received[0]?.headers["content-type"]).toBe("application/json");
    expect(received[0]?.headers["webhook-timestamp"]).toBe(String(START.getTime() / 1000));
    expect(await new OutboxRepository(db.kysely).byId(id)).toMatchObject({ state: "sent", attempts: 1 });
  });

  it("retries a 500 after the backoff and then delivers, with the same webhook-id", async () => {
    const hook = await webhook();
    answer = (n) => (n === 0 ? 500 : 200);
    const id = await enqueue(hook, { n: 1 });
    expect(await deliver()).toMatchObject({ sent: 0, failed: 1 });
    const failed = await new OutboxRepository(db.kysely).byId(id);
    expect(failed).toMatchObject({ state: "failed", attempts: 1, lastError: "HTTP 500" });
    expect(failed?.nextAttemptAt).toBe(new Date(START.getTime() + 30_000).toISOString());
    expect((await new WebhookRepository(db.kysely).byId(hook))?.consecutiveFailures).toBe(1);
    now = new Date(START.getTime() + 29_999);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0 });
    now = new Date(START.getTime() + 30_000);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    expect(received.map((r) => [r.id, r.verdict])).toEqual([
      [id, "ok"],
      [id, "ok"],
    ]);
    expect((await new WebhookRepository(db.kysely).byId(hook))?.consecutiveFailures).toBe(0);
  });

  it("fails an endpoint that does not answer in time", async () => {
    const hook = await webhook();
    answer = () => "hang";
    const id = await enqueue(hook, {});
    expect(await deliver({ timeoutMs: 200 })).toMatchObject({ failed: 1 });
    expect((await new OutboxRepository(db.kysely).byId(id))?.lastError).toBe("no answer within 200 ms");
  });

  it("disables a webhook that keeps failing, gives up its messages and records the notice", async () => {
    const hook = await webhook();
    answer = () => 503;
    const first = await enqueue(hook, { n: 1 });
    const outbox = new OutboxRepository(db.kysely);
    const disabled: string[] = [];
    for (let pass = 0; pass < 10 && disabled.length === 0; pass++) {
      const report = await deliver({ disableAfter: 3 });
      disabled.push(...report.disabled);
      now = new Date((await outbox.byId(first))?.nextAttemptAt as string);
    }
    expect(disabled).toEqual([hook]);
    expect(received).toHaveLength(3);
    expect(await new WebhookRepository(db.kysely).byId(hook)).toMatchObject({
      enabled: false,
      consecutiveFailures: 3,
      disabledReason: "disabled after 3 failed deliveries in a row; the last: HTTP 503",
    });
    expect(await outbox.byId(first)).toMatchObject({ state: "dead" });
    // Later messages are not sent to a disabled webhook.
    const later = await enqueue(hook, { n: 2 });
    expect(await deliver()).toMatchObject({ sent: 0, dead: 1 });
    expect(await outbox.byId(later)).toMatchObject({ state: "dead", lastError: "the webhook is disabled" });
    expect(received).toHaveLength(3);
    const audit = await db.kysely
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "webhook.disabled")
      .execute();
    expect(audit.map((a) => [a.actor_org_id, a.object_id])).toEqual([[orgId, hook]]);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true });
  });

  it("never delivers one message twice with two workers on two connections", async () => {
    const hook = await webhook();
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) ids.add(await enqueue(hook, { i }));
    const other =
      dialect.name === "postgres"
        ? openServerDb({ databaseUrl: db.url as string, poolSize: 4 })
        : openServerDb({ dataDir: db.dataDir as string });
    extra.push(other);
    const pending = async () =>
      (await db.kysely.selectFrom("outbox").select("id").where("state", "=", "pending").execute()).length;
    const worker = async (on: ServerDb) => {
      let sent = 0;
      for (;;) {
        const r = await deliver({ batchSize: 4 }, on);
        sent += r.sent;
        // A claim racing another may come back empty on PostgreSQL while messages remain.
        if (r.sent + r.failed + r.dead === 0) {
          if ((await pending()) === 0) return sent;
          // Let the other worker's request and the endpoint make progress before asking again.
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    };
    const [a, b] = await Promise.all([worker(db), worker(other)]);
    expect((a as number) + (b as number)).toBe(40);
    expect(received).toHaveLength(40);
    expect(new Set(received.map((r) => r.id))).toEqual(ids);
    expect(received.every((r) => r.verdict === "ok")).toBe(true);
  });
});

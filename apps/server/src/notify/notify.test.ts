import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  InboxRepository,
  migrateServerDb,
  NotificationPrefsRepository,
  OutboxRepository,
  openServerDb,
  type ServerDb,
  UserRepository,
  WebhookRepository,
} from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliverDueEmails } from "./deliver-emails.ts";
import { deliverDueWebhooks } from "./deliver-webhooks.ts";
import { sendDigests } from "./digests.ts";
import { createMailer, type EmailPayload, type Mailer } from "./mailer.ts";
import { notifyAlertEvents } from "./notify-alerts.ts";
import { alertEvent, seedAlert, seedOrg, startSmtpServer, type TestSmtpServer } from "./test-support.ts";
import { generateWebhookSecret } from "./webhook-signature.ts";

const START = new Date("2026-12-02T12:00:00Z");
const PUBLIC_URL = "https://bulwark.example.org";

// Real advisories of fixtures/osv/PyPI/all.zip.
const WERKZEUG = "PYSEC-2023-221"; // CVE-2023-46136
const AIOHTTP = "PYSEC-2024-24"; // CVE-2024-23334
const DJANGO = "PYSEC-2024-47"; // CVE-2024-27351
const URLLIB3 = "PYSEC-2023-192"; // CVE-2023-43804

const OWNER = "owner@valley-water.example";
const ANALYST = "analyst@valley-water.example";
const VIEWER = "viewer@valley-water.example";
const LEFT = "left@valley-water.example";
const ADMIN = "admin@valley-water.example";

describe.each(testDialects())("notifications on $name", (dialect) => {
  let db: TestServerDb;
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  let now: Date;
  let org: { orgId: string; users: Record<string, string> };
  const extra: ServerDb[] = [];

  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    now = START;
    smtp = await startSmtpServer();
    mailer = createMailer({ smtpUrl: smtp.url, mailFrom: "Bulwark <bulwark@valley-water.example>" }) as Mailer;
    org = await seedOrg(
      db,
      "Valley Water",
      [
        { email: OWNER, role: "owner", displayName: "Olga Owner" },
        { email: ANALYST, role: "analyst", displayName: "Ann Analyst" },
        { email: VIEWER, role: "viewer", displayName: "Victor Viewer" },
        { email: LEFT, role: "member", disabled: true },
        // An organisation token account: a member nobody signs in as.
        { email: `viewer-tokens@valley.bulwark.invalid`, role: "viewer" },
      ],
      START,
    );
    const prefs = new NotificationPrefsRepository(db.kysely);
    await prefs.set(org.users[ANALYST] as string, { high: "digest" });
    await prefs.set(org.users[VIEWER] as string, { critical: "off", high: "off", medium: "off", low: "off" });
  });
  afterEach(async () => {
    mailer.close();
    await smtp.close();
    for (const d of extra.splice(0)) await d.close();
    await db.dispose();
  });

  const notify = (opts: { email?: boolean; batchSize?: number } = {}, on: ServerDb = db) =>
    notifyAlertEvents(on, { now: () => now, email: opts.email ?? true, publicUrl: PUBLIC_URL, ...opts });
  const deliverEmails = () => deliverDueEmails(db, mailer, { now: () => now });
  const inboxOf = (email: string) => new InboxRepository(db.kysely).list(org.users[email] as string, { limit: 1000 });
  const outboxRows = (kind: string) =>
    db.kysely.selectFrom("outbox").selectAll().where("kind", "=", kind).orderBy("created_at").execute();

  async function webhook(url = "https://siem.valley-water.example/hooks"): Promise<string> {
    return (
      await new WebhookRepository(db.kysely).create({ orgId: org.orgId, url, secret: generateWebhookSecret() }, START)
    ).id;
  }

  it("puts new alerts in every member's inbox, e-mails each user once per pass and queues webhooks", async () => {
    const hook = await webhook();
    const off = await webhook("https://old.valley-water.example/hooks");
    await new WebhookRepository(db.kysely).disable(off, "test", START);
    const other = await seedOrg(db, "Community Bank", [{ email: "ops@bank.example", role: "owner" }], START);
    const werkzeug = await seedAlert(
      db,
      { orgId: org.orgId, asset: "billing-server", advisory: WERKZEUG, version: "2.3.7", severity: "high" },
      START,
    );
    const aiohttp = await seedAlert(
      db,
      {
        orgId: org.orgId,
        asset: "scada-gateway",
        advisory: AIOHTTP,
        version: "3.9.1",
        severity: "critical",
        kev: true,
      },
      START,
    );
    await seedAlert(
      db,
      { orgId: org.orgId, asset: "billing-server", advisory: DJANGO, version: "4.2.10", severity: "medium" },
      START,
    );
    await seedAlert(
      db,
      { orgId: other.orgId, asset: "core-banking", advisory: URLLIB3, version: "1.26.16", severity: "high" },
      START,
    );

    now = new Date(START.getTime() + 1000);
    expect(await notify()).toMatchObject({ events: 4, notices: 4, inboxItems: 10, emails: 3, webhookMessages: 3 });
    expect(await notify()).toMatchObject({ events: 0, notices: 0, inboxItems: 0, emails: 0 });

    // One item per alert for each of the three people; the disabled user and the token account get none.
    const owner = await inboxOf(OWNER);
    expect(owner.map((i) => [i.title, i.emailMode]).sort()).toEqual([
      ["CVE-2023-46136 (high) in werkzeug 2.3.7 on billing-server", "immediate"],
      ["CVE-2024-23334 (critical) in aiohttp 3.9.1 on scada-gateway", "immediate"],
      ["CVE-2024-27351 (medium) in django 4.2.10 on billing-server", "digest"],
    ]);
    const fromAiohttp = owner.find((i) => i.subjectId === aiohttp);
    expect(fromAiohttp).toMatchObject({
      orgId: org.orgId,
      kind: "alert.opened",
      severity: "critical",
      link: `/api/v1/alerts/${aiohttp}`,
      emailedAt: now.toISOString(),
    });
    expect(fromAiohttp?.body).toContain("aiohttp is an asynchronous HTTP client/server framework");
    expect(fromAiohttp?.body).toContain("Listed in CISA KEV");
    expect((await inboxOf(ANALYST)).map((i) => [i.severity, i.emailMode]).sort()).toEqual([
      ["critical", "immediate"],
      ["high", "digest"],
      ["medium", "digest"],
    ]);
    expect((await inboxOf(VIEWER)).map((i) => i.emailMode)).toEqual(["none", "none", "none"]);
    expect(await inboxOf(LEFT)).toEqual([]);
    const everyone = await db.kysely.selectFrom("inbox_items").select("user_id").distinct().execute();
    expect(everyone).toHaveLength(4);

    // Webhooks: one message per event for the enabled webhook only, in the test delivery's envelope.
    const hooks = await outboxRows("webhook");
    expect(hooks.map((h) => h.target_id)).toEqual([hook, hook, hook]);
    const payload = JSON.parse(hooks[0]?.payload as string);
    expect(payload).toMatchObject({
      type: "alert.opened",
      timestamp: START.toISOString(),
      data: {
        id: werkzeug,
        orgId: org.orgId,
        asset: { name: "billing-server" },
        package: { ecosystem: "PyPI", name: "werkzeug", version: "2.3.7", purl: "pkg:pypi/werkzeug@2.3.7" },
        vulnerability: { id: "CVE-2023-46136", ids: ["PYSEC-2023-221", "GHSA-hrfv-mqp8-q5rw"] },
        severity: { level: "high", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" },
        status: "open",
        overdue: false,
        event: { from: null, to: "open" },
      },
    });
    expect(Object.keys(payload)).toEqual(["type", "timestamp", "data"]);

    // E-mail: one per user with immediate items, delivered through a real SMTP server.
    expect(await deliverEmails()).toEqual({ sent: 3, failed: 0, dead: 0 });
    expect(await deliverEmails()).toEqual({ sent: 0, failed: 0, dead: 0 });
    const byRecipient = new Map(smtp.received.map((m) => [m.to.join(","), m]));
    expect([...byRecipient.keys()].sort()).toEqual([ANALYST, "ops@bank.example", OWNER]);
    const toOwner = byRecipient.get(OWNER);
    expect(toOwner?.from).toBe("bulwark@valley-water.example");
    expect(toOwner?.subject).toBe(
      "[Bulwark] 2 new alerts: CVE-2024-23334 (critical) on scada-gateway, CVE-2023-46136 (high) on billing-server",
    );
    expect(toOwner?.headers.get("auto-submitted")).toBe("auto-generated");
    expect(toOwner?.text).toContain("Hello Olga Owner,");
    expect(toOwner?.text).toContain(`${PUBLIC_URL}/api/v1/alerts/${aiohttp}`);
    expect(toOwner?.text.indexOf("CVE-2024-23334")).toBeLessThan(toOwner?.text.indexOf("CVE-2023-46136") as number);
    expect(toOwner?.html).toContain(`<a href="${PUBLIC_URL}/api/v1/alerts/${werkzeug}">`);
    expect(byRecipient.get(ANALYST)?.subject).toBe("[Bulwark] New alert: CVE-2024-23334 (critical) on scada-gateway");
    expect(byRecipient.get("ops@bank.example")?.subject).toBe(
      "[Bulwark] New alert: CVE-2023-43804 (high) on core-banking",
    );
    const emails = await outboxRows("email");
    expect(emails.map((e) => e.state)).toEqual(["sent", "sent", "sent"]);
    const ownerEmail = emails.find((e) => e.target_id === org.users[OWNER]);
    expect([...(JSON.parse(ownerEmail?.payload as string) as EmailPayload).itemIds].sort()).toEqual(
      owner
        .filter((i) => i.emailMode === "immediate")
        .map((i) => i.id)
        .sort(),
    );
  });

  it("tells of reopened, withdrawn and remediated alerts, not of a user's own status changes", async () => {
    const hook = await webhook();
    const alert = await seedAlert(
      db,
      { orgId: org.orgId, asset: "billing-server", advisory: WERKZEUG, version: "2.3.7", severity: "high" },
      START,
    );
    await notify();
    await alertEvent(db, alert, { from: "open", to: "acknowledged", actor: org.users[ANALYST], note: "on it" }, now);
    await alertEvent(db, alert, { from: "acknowledged", to: "remediated", details: { inventoryId: "inv-2" } }, now);
    await alertEvent(db, alert, { from: "remediated", to: "open" }, now);
    await alertEvent(db, alert, { from: "open", to: "closed", reason: "withdrawn: PYSEC-2023-221" }, now);
    expect(await notify()).toMatchObject({ events: 4, notices: 3, inboxItems: 9, emails: 1 });
    const owner = await inboxOf(OWNER);
    expect(owner.map((i) => i.title).sort()).toEqual([
      "CVE-2023-46136 (high) in werkzeug 2.3.7 on billing-server",
      "Closed: CVE-2023-46136 on billing-server",
      "Remediated: CVE-2023-46136 in werkzeug on billing-server",
      "Reopened: CVE-2023-46136 (high) in werkzeug 2.3.7 on billing-server",
    ]);
    expect(owner.find((i) => i.kind === "alert.closed")?.body).toContain("withdrawn: PYSEC-2023-221");
    const types = (await outboxRows("webhook")).map((r) => JSON.parse(r.payload).type);
    expect(types).toEqual(["alert.opened", "alert.remediated", "alert.reopened", "alert.closed"]);
    expect((await outboxRows("webhook")).every((r) => r.target_id === hook)).toBe(true);
    await deliverEmails();
    // Both e-mails go out in one delivery pass, in parallel: their arrival order is not fixed.
    expect(smtp.received.map((m) => m.subject).sort()).toEqual([
      "[Bulwark] 1 reopened, 1 remediated, 1 closed: CVE-2023-46136 (high) on billing-server",
      "[Bulwark] New alert: CVE-2023-46136 (high) on billing-server",
    ]);
  });

  it("batches a hundred alerts opening at once into one e-mail per user, with one inbox item per alert", async () => {
    const advisories = ["PYSEC-2024-56", "PYSEC-2024-57", "PYSEC-2024-58", "PYSEC-2024-59", "PYSEC-2024-67"];
    for (let i = 0; i < 100; i++) {
      await seedAlert(
        db,
        {
          orgId: org.orgId,
          asset: `pump-${String(i).padStart(3, "0")}`,
          advisory: advisories[i % advisories.length] as string,
          version: "4.2.13",
          severity: i % 2 === 0 ? "critical" : "high",
        },
        START,
      );
    }
    expect(await notify()).toMatchObject({ events: 100, inboxItems: 300, emails: 2 });
    expect(await inboxOf(OWNER)).toHaveLength(100);
    await deliverEmails();
    expect(smtp.received).toHaveLength(2);
    const toOwner = smtp.received.find((m) => m.to[0] === OWNER);
    expect(toOwner?.subject).toMatch(/^\[Bulwark\] 100 new alerts: CVE-2024-38875 \(critical\) on pump-000, .*…$/);
    expect(toOwner?.subject.length).toBeLessThan(180);
    expect(toOwner?.text.match(/^\[(CRITICAL|HIGH)\] /gm)).toHaveLength(100);
    // The analyst gets high ones in the digest: the e-mail lists the 50 critical ones only.
    expect(smtp.received.find((m) => m.to[0] === ANALYST)?.text.match(/^\[CRITICAL\] /gm)).toHaveLength(50);
  });

  it("continues across passes in batches, and two nodes never notify one event twice", async () => {
    for (const [i, advisory] of [WERKZEUG, AIOHTTP, DJANGO, URLLIB3].entries()) {
      await seedAlert(
        db,
        { orgId: org.orgId, asset: `host-${i}`, advisory, version: "1.0", severity: "critical" },
        START,
      );
    }
    expect(await notify({ batchSize: 3 })).toMatchObject({ events: 3, emails: 2 });
    // PostgreSQL: a second pool, as a second node would have. SQLite is one node by design, whose
    // one connection runs transactions one at a time; the same database stands in for it.
    const other = dialect.name === "postgres" ? openServerDb({ databaseUrl: db.url as string, poolSize: 4 }) : db;
    if (other !== db) extra.push(other);
    for (let i = 0; i < 3; i++) {
      await seedAlert(
        db,
        { orgId: org.orgId, asset: `host-${i}`, advisory: "PYSEC-2024-68", version: "1.0", severity: "low" },
        START,
      );
    }
    const reports = await Promise.all([notify({ batchSize: 2 }, db), notify({ batchSize: 2 }, other)]);
    expect(reports.map((r) => r.events).reduce((a, b) => a + b)).toBe(4);
    await notify();
    const items = await db.kysely.selectFrom("inbox_items").select(["user_id", "subject_id"]).execute();
    expect(items).toHaveLength(7 * 3);
    expect(new Set(items.map((i) => `${i.user_id} ${i.subject_id}`)).size).toBe(7 * 3);
  });

  it("sends each user one daily digest of their digest items, once", async () => {
    await seedAlert(
      db,
      { orgId: org.orgId, asset: "billing-server", advisory: WERKZEUG, version: "2.3.7", severity: "high" },
      START,
    );
    await seedAlert(
      db,
      { orgId: org.orgId, asset: "billing-server", advisory: DJANGO, version: "4.2.10", severity: "medium" },
      START,
    );
    await seedAlert(
      db,
      { orgId: org.orgId, asset: "intranet", advisory: "PYSEC-2024-69", version: "4.2.10", severity: "low" },
      START,
    );
    await notify();
    now = new Date("2026-12-03T07:05:00Z");
    const digestOpts = { now: () => now, email: true, publicUrl: PUBLIC_URL };
    expect(await sendDigests(db, digestOpts)).toEqual({ emails: 2, items: 5 });
    expect(await sendDigests(db, digestOpts)).toEqual({ emails: 0, items: 0 });
    const analyst = await inboxOf(ANALYST);
    expect(analyst.every((i) => i.emailedAt === now.toISOString())).toBe(true);
    await deliverEmails();
    const digests = smtp.received.filter((m) => m.subject.includes("Daily digest"));
    expect(digests.map((m) => [m.to[0], m.subject]).sort()).toEqual([
      [ANALYST, "[Bulwark] Daily digest, 2026-12-03: 3 notifications (1 high, 1 medium, 1 low)"],
      [OWNER, "[Bulwark] Daily digest, 2026-12-03: 2 notifications (1 medium, 1 low)"],
    ]);
    const toAnalyst = digests.find((m) => m.to[0] === ANALYST);
    expect(toAnalyst?.text).toContain("Hello Ann Analyst,");
    expect(toAnalyst?.text).toMatch(
      /\[HIGH\] CVE-2023-46136[\s\S]*\[MEDIUM\] CVE-2024-27351[\s\S]*\[LOW\] CVE-2024-41991/,
    );
    expect(toAnalyst?.html).toContain(`${PUBLIC_URL}/api/v1/inbox`);
    // New digest items after the run wait for the next one.
    await seedAlert(
      db,
      { orgId: org.orgId, asset: "intranet", advisory: "PYSEC-2024-70", version: "4.2.10", severity: "medium" },
      now,
    );
    await notify();
    expect(await sendDigests(db, digestOpts)).toEqual({ emails: 2, items: 2 });
  });

  it("without SMTP configured, fills the inbox and queues no e-mail", async () => {
    await seedAlert(
      db,
      { orgId: org.orgId, asset: "billing-server", advisory: AIOHTTP, version: "3.9.1", severity: "critical" },
      START,
    );
    expect(createMailer({ mailFrom: "Bulwark <bulwark@localhost>" })).toBeUndefined();
    expect(await notify({ email: false })).toMatchObject({ inboxItems: 3, emails: 0 });
    expect((await inboxOf(OWNER)).map((i) => i.emailMode)).toEqual(["none"]);
    expect(await outboxRows("email")).toEqual([]);
    expect(await sendDigests(db, { now: () => now, email: false })).toEqual({ emails: 0, items: 0 });
  });

  it("retries e-mail the server defers, gives up on a refused recipient, and drops mail to a disabled user", async () => {
    await seedAlert(
      db,
      { orgId: org.orgId, asset: "billing-server", advisory: AIOHTTP, version: "3.9.1", severity: "critical" },
      START,
    );
    smtp.refuse(OWNER, 451);
    smtp.refuse(ANALYST, 550);
    await notify();
    expect(await deliverEmails()).toEqual({ sent: 0, failed: 1, dead: 1 });
    const outbox = new OutboxRepository(db.kysely);
    const [toOwner] = await outbox.forTarget(org.users[OWNER] as string);
    expect(toOwner).toMatchObject({ state: "failed", attempts: 1 });
    expect(toOwner?.lastError).toMatch(/451/);
    expect(toOwner?.nextAttemptAt).toBe(new Date(START.getTime() + 30_000).toISOString());
    const [toAnalyst] = await outbox.forTarget(org.users[ANALYST] as string);
    expect(toAnalyst).toMatchObject({ state: "dead" });
    expect(toAnalyst?.lastError).toMatch(/EENVELOPE.*550/);

    smtp.refuse(OWNER, undefined);
    smtp.refuse(ANALYST, undefined);
    expect(await deliverEmails()).toEqual({ sent: 0, failed: 0, dead: 0 });
    now = new Date(START.getTime() + 30_000);
    expect(await deliverEmails()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([[OWNER]]);

    await seedAlert(
      db,
      { orgId: org.orgId, asset: "scada-gateway", advisory: AIOHTTP, version: "3.9.1", severity: "critical" },
      now,
    );
    await notify();
    await db.kysely
      .updateTable("users")
      .set({ disabled_at: now.toISOString() })
      .where("id", "=", org.users[OWNER] as string)
      .execute();
    expect(await deliverEmails()).toEqual({ sent: 1, failed: 0, dead: 1 });
    expect(smtp.received.map((m) => m.to)).toEqual([[OWNER], [ANALYST]]);
    expect((await outbox.forTarget(org.users[OWNER] as string)).at(-1)).toMatchObject({
      state: "dead",
      lastError: "the user is disabled",
    });
  });

  it("tells the owners and admins when a failing webhook is disabled", async () => {
    const users = new UserRepository(db.kysely);
    const admin = await users.create({ email: ADMIN, displayName: "Adam Admin" }, START);
    await users.setMembership(admin.id, org.orgId, "admin", START);
    await new NotificationPrefsRepository(db.kysely).set(admin.id, { high: "digest" });
    const endpoint: Server = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((r) => endpoint.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hooks/bulwark`;
    const hook = await webhook(url);
    try {
      await new OutboxRepository(db.kysely).enqueue(
        { kind: "webhook", targetId: hook, payload: { type: "webhook.test" } },
        now,
      );
      const disabled: string[] = [];
      for (let pass = 0; pass < 5 && disabled.length === 0; pass++) {
        const report = await deliverDueWebhooks(db, {
          clock: () => now,
          timeoutMs: 2000,
          disableAfter: 2,
          notify: { email: true, publicUrl: PUBLIC_URL },
        });
        disabled.push(...report.disabled);
        now = new Date(now.getTime() + 3600_000);
      }
      expect(disabled).toEqual([hook]);
    } finally {
      endpoint.closeAllConnections();
      await new Promise((r) => endpoint.close(r));
    }
    const notices = await db.kysely
      .selectFrom("inbox_items")
      .selectAll()
      .where("kind", "=", "webhook.disabled")
      .orderBy("email_mode")
      .execute();
    // The analyst and the viewer do not manage webhooks; the admin takes high ones in the digest.
    expect(notices.map((n) => [n.user_id, n.email_mode, n.subject_id, n.org_id])).toEqual([
      [admin.id, "digest", hook, org.orgId],
      [org.users[OWNER], "immediate", hook, org.orgId],
    ]);
    expect(notices[0]?.title).toBe(`Webhook disabled: ${url}`);
    expect(notices[0]?.body).toContain("disabled after 2 failed deliveries in a row; the last: HTTP 503");
    expect(await deliverEmails()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(smtp.received.map((m) => [m.to[0], m.subject])).toEqual([[OWNER, `[Bulwark] Webhook disabled: ${url}`]]);
    expect(smtp.received[0]?.text).toContain(`${PUBLIC_URL}/api/v1/orgs/${org.orgId}/webhooks`);
  });
});

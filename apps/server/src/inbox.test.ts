import { ApiTokenRepository, migrateServerDb, SessionRepository } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notifyAlertEvents } from "./notify/notify-alerts.ts";
import { seedAlert, seedOrg } from "./notify/test-support.ts";
import { SESSION_COOKIE } from "./plugins/session.ts";
import { bearer, buildTestApp } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const ANNA = "anna@valley-water.example";
const BORIS = "boris@valley-water.example";

describe.each(testDialects())("inbox and notification settings routes on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let now: Date;
  let water: { orgId: string; users: Record<string, string> };
  let bank: { orgId: string; users: Record<string, string> };

  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    now = NOW;
    app = await buildTestApp(db, () => now);
    water = await seedOrg(
      db,
      "Valley Water",
      [
        { email: ANNA, role: "analyst", displayName: "Anna" },
        { email: BORIS, role: "viewer" },
      ],
      NOW,
    );
    // Anna works for two operators.
    bank = await seedOrg(db, "Community Bank", [{ email: ANNA, role: "viewer" }], NOW);
    const advisories = ["PYSEC-2023-221", "PYSEC-2024-24", "PYSEC-2024-47"];
    for (const [i, advisory] of advisories.entries()) {
      now = new Date(NOW.getTime() + i * 60_000);
      await seedAlert(
        db,
        { orgId: water.orgId, asset: "billing-server", advisory, version: "1.0", severity: "high" },
        now,
      );
      // One pass per alert, so the items have distinct times and a fixed order.
      await notifyAlertEvents(db, { now: () => now, email: false });
    }
    await seedAlert(
      db,
      {
        orgId: bank.orgId,
        asset: "core-banking",
        advisory: "PYSEC-2023-192",
        version: "1.26.16",
        severity: "critical",
      },
      now,
    );
    now = new Date(NOW.getTime() + 5 * 60_000);
    await notifyAlertEvents(db, { now: () => now, email: false });
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  async function token(email: string, opts: { scopes?: string[]; orgId?: string } = {}): Promise<string> {
    const users = water.users[email] ?? bank.users[email];
    return (
      await new ApiTokenRepository(db.kysely).create(
        {
          userId: users as string,
          name: "t",
          scopes: opts.scopes ?? ["read", "write"],
          ...(opts.orgId !== undefined && { orgId: opts.orgId }),
        },
        NOW,
      )
    ).secret;
  }
  const get = (url: string, headers: Record<string, string>) => app.inject({ method: "GET", url, headers });
  const post = (url: string, headers: Record<string, string>, payload?: object) =>
    app.inject({ method: "POST", url, headers, ...(payload !== undefined && { payload }) });

  it("lists your items newest first in pages, with the unread count, and marks them read", async () => {
    const anna = bearer(await token(ANNA));
    const all = await get("/api/v1/inbox", anna);
    expect(all.statusCode).toBe(200);
    expect(all.json().unread).toBe(4);
    expect(all.json().items.map((i: { title: string }) => i.title)).toEqual([
      "CVE-2023-43804 (critical) in urllib3 1.26.16 on core-banking",
      "CVE-2024-27351 (high) in django 1.0 on billing-server",
      "CVE-2024-23334 (high) in aiohttp 1.0 on billing-server",
      "CVE-2023-46136 (high) in werkzeug 1.0 on billing-server",
    ]);
    expect(all.json().items[0]).not.toHaveProperty("userId");
    expect(all.json().items[0]).toMatchObject({ kind: "alert.opened", orgId: bank.orgId, emailMode: "none" });

    const first = await get("/api/v1/inbox?limit=3", anna);
    expect(first.json().items).toHaveLength(3);
    const second = await get(`/api/v1/inbox?limit=3&after=${first.json().next}`, anna);
    expect(second.json().items.map((i: { title: string }) => i.title)).toEqual([
      "CVE-2023-46136 (high) in werkzeug 1.0 on billing-server",
    ]);
    expect(second.json().next).toBeUndefined();
    const bad = await get("/api/v1/inbox?after=bm9wZQ", anna);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("BULWARK_REQUEST_INVALID");

    const item = all.json().items[1];
    now = new Date(NOW.getTime() + 3600_000);
    const read = await post(`/api/v1/inbox/${item.id}/read`, anna);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: item.id, readAt: now.toISOString() });
    // Reading it again keeps the first time.
    now = new Date(NOW.getTime() + 7200_000);
    expect((await post(`/api/v1/inbox/${item.id}/read`, anna)).json().readAt).toBe(
      new Date(NOW.getTime() + 3600_000).toISOString(),
    );
    const unread = await get("/api/v1/inbox?unread=true", anna);
    expect(unread.json().unread).toBe(3);
    expect(unread.json().items.map((i: { id: string }) => i.id)).not.toContain(item.id);

    // Someone else's item is not found, and marking all read marks only your own.
    const boris = bearer(await token(BORIS));
    const notYours = await post(`/api/v1/inbox/${item.id}/read`, boris);
    expect(notYours.statusCode).toBe(404);
    expect(notYours.json().code).toBe("BULWARK_OBJECT_NOT_FOUND");
    expect((await post("/api/v1/inbox/read-all", anna)).json()).toEqual({ marked: 3 });
    expect((await get("/api/v1/inbox?unread=true", anna)).json()).toEqual({ items: [], unread: 0 });
    expect((await get("/api/v1/inbox", boris)).json().unread).toBe(3);
  });

  it("lets a signed-in session use the inbox (with its CSRF token), and a token made for one organisation see only that one", async () => {
    const { cookieValue, session } = await new SessionRepository(db.kysely).create(water.users[ANNA] as string, now);
    const cookies = { [SESSION_COOKIE]: cookieValue };
    const listed = await app.inject({ method: "GET", url: "/api/v1/inbox", cookies });
    expect(listed.json().unread).toBe(4);
    const noCsrf = await app.inject({ method: "POST", url: "/api/v1/inbox/read-all", cookies });
    expect(noCsrf.statusCode).toBe(403);
    const withCsrf = await app.inject({
      method: "POST",
      url: "/api/v1/inbox/read-all",
      cookies,
      headers: { "x-csrf-token": session.csrfToken },
    });
    expect(withCsrf.json()).toEqual({ marked: 4 });

    await db.kysely.updateTable("inbox_items").set({ read_at: null }).execute();
    const bankOnly = bearer(await token(ANNA, { orgId: bank.orgId }));
    const items = (await get("/api/v1/inbox", bankOnly)).json();
    expect(items.unread).toBe(1);
    expect(items.items.map((i: { orgId: string }) => i.orgId)).toEqual([bank.orgId]);
    const waterItem = (await get("/api/v1/inbox", bearer(await token(ANNA)))).json().items[1];
    expect((await post(`/api/v1/inbox/${waterItem.id}/read`, bankOnly)).statusCode).toBe(404);
    expect((await post("/api/v1/inbox/read-all", bankOnly)).json()).toEqual({ marked: 1 });

    const readOnly = bearer(await token(ANNA, { scopes: ["read"] }));
    expect((await get("/api/v1/inbox", readOnly)).statusCode).toBe(200);
    const refused = await post("/api/v1/inbox/read-all", readOnly);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("BULWARK_AUTH_FORBIDDEN");
    const anonymous = await get("/api/v1/inbox", {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe("BULWARK_AUTH_REQUIRED");
  });

  it("shows your e-mail settings with their defaults and changes the severities you name", async () => {
    const anna = bearer(await token(ANNA));
    const url = "/api/v1/me/notification-settings";
    const defaults = { critical: "immediate", high: "immediate", medium: "digest", low: "digest", unknown: "off" };
    expect((await get(url, anna)).json()).toEqual({ severities: defaults, defaults });
    const put = await app.inject({
      method: "PUT",
      url,
      headers: anna,
      payload: { severities: { high: "digest", low: "off" } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().severities).toEqual({ ...defaults, high: "digest", low: "off" });
    expect((await get(url, anna)).json().severities).toEqual({ ...defaults, high: "digest", low: "off" });
    // Another user's settings are their own.
    expect((await get(url, bearer(await token(BORIS)))).json().severities).toEqual(defaults);

    for (const payload of [
      { severities: { high: "weekly" } },
      { severities: { urgent: "immediate" } },
      { critical: "off" },
      { severities: { high: 1 } },
    ]) {
      const bad = await app.inject({ method: "PUT", url, headers: anna, payload });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe("BULWARK_REQUEST_INVALID");
    }
    const readOnly = await app.inject({
      method: "PUT",
      url,
      headers: bearer(await token(ANNA, { scopes: ["read"] })),
      payload: { severities: { high: "off" } },
    });
    expect(readOnly.statusCode).toBe(403);
    expect((await app.inject({ method: "GET", url })).statusCode).toBe(401);

    // The notifier uses the new settings for the next alert.
    now = new Date(NOW.getTime() + 3600_000);
    await seedAlert(
      db,
      { orgId: water.orgId, asset: "intranet", advisory: "PYSEC-2024-69", version: "4.2.10", severity: "high" },
      now,
    );
    await notifyAlertEvents(db, { now: () => now, email: true });
    const newest = (await get("/api/v1/inbox?limit=1", anna)).json().items[0];
    expect(newest).toMatchObject({ severity: "high", emailMode: "digest" });
  });
});

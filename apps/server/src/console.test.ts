import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateServerDb } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_CSP } from "./plugins/console.ts";
import { buildTestApp } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const PAGE = '<!doctype html><html lang="en"><title>Bulwark</title><div id="root"></div></html>';

// One dialect is enough: the console's routes touch no database.
const [sqlite] = testDialects();

describe("the web console at /", () => {
  let db: TestServerDb;
  let webDir: string;
  let app: FastifyInstance;
  let apiOnly: FastifyInstance;
  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), "bulwark-console-"));
    mkdirSync(join(webDir, "assets"));
    writeFileSync(join(webDir, "index.html"), PAGE);
    writeFileSync(join(webDir, "assets", "index-abc123.js"), "console.log('hi');");
    db = await sqlite!.open();
    await migrateServerDb(db);
    app = await buildTestApp(db, () => NOW, { webDir });
    apiOnly = await buildTestApp(db, () => NOW);
  });
  afterAll(async () => {
    await app.close();
    await apiOnly.close();
    await db.dispose();
    rmSync(webDir, { recursive: true, force: true });
  });

  it("serves the page at / and at every deep link, with a strict content security policy", async () => {
    for (const url of ["/", "/alerts/0193", "/assets?kind=server", "/admin"]) {
      const r = await app.inject({ method: "GET", url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers["content-type"]).toMatch(/^text\/html/);
      expect(r.body).toBe(PAGE);
      expect(r.headers["content-security-policy"]).toBe(CONSOLE_CSP);
      expect(r.headers["x-frame-options"]).toBe("DENY");
      expect(r.headers["cache-control"]).toBe("no-cache");
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
  });

  it("serves hashed assets with a long cache", async () => {
    const r = await app.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/javascript/);
    expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("keeps the API's JSON answers: unknown API paths are coded 404s, never the page", async () => {
    for (const url of ["/api/v1/nope", "/v1/nope", "/.well-known/nope"]) {
      const r = await app.inject({ method: "GET", url });
      expect(r.statusCode, url).toBe(404);
      expect(r.json().code).toBe("BULWARK_OBJECT_NOT_FOUND");
    }
    const health = await app.inject({ method: "GET", url: "/healthz" });
    expect(health.json()).toEqual({ status: "ok" });
    const posted = await app.inject({ method: "POST", url: "/alerts/x" });
    expect(posted.statusCode).toBe(404);
  });

  it("serves nothing at / when no console is built (API only)", async () => {
    const r = await apiOnly.inject({ method: "GET", url: "/" });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe("BULWARK_OBJECT_NOT_FOUND");
  });
});

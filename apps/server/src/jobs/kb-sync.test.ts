import { readFileSync } from "node:fs";
import { fixturePath } from "@bulwark/core/testing";
import { KnowledgeBase, migrateServerDb, openJobQueue } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KB_SYNC_JOB, syncKnowledgeBase } from "./kb-sync.ts";

const NOW = new Date("2026-12-02T12:00:00Z");

/** Serves the fixtures as osv.dev and CISA would, with ETags, counting requests. */
function fixtureFetch() {
  const files: Record<string, string> = {
    "https://osv.test/PyPI/all.zip": fixturePath("osv", "PyPI", "all.zip"),
    "https://osv.test/Go/all.zip": fixturePath("osv", "Go", "all.zip"),
    "https://kev.test/kev.json": fixturePath("kev", "known_exploited_vulnerabilities.json"),
  };
  const calls: { url: string; conditional: boolean }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    calls.push({ url, conditional: headers.has("if-none-match") });
    const path = files[url];
    if (path === undefined) return new Response("not found", { status: 404 });
    const etag = `"${url.length}"`;
    if (headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: { etag } });
    return new Response(readFileSync(path), { status: 200, headers: { etag } });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

describe.each(testDialects())("knowledge base sync job on $name", (dialect) => {
  let db: TestServerDb;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
  });
  afterEach(() => db.dispose());

  const sources = { osvBaseUrl: "https://osv.test", kevUrl: "https://kev.test/kev.json", ecosystems: ["PyPI", "Go"] };

  it("imports what the sources serve, then costs only conditional requests", async () => {
    const { fetch, calls } = fixtureFetch();
    const first = await syncKnowledgeBase(db, sources, { fetch, now: () => NOW, sleep: async () => {} });
    expect(first.import?.sources.map((s) => [s.source, s.added])).toEqual([
      ["osv:PyPI", 228],
      ["osv:Go", 290],
    ]);
    const kb = new KnowledgeBase(db);
    expect((await kb.status()).advisories).toBe(518);
    expect((await kb.getKev("CVE-2021-44228"))?.vendorProject).toBe("Apache");
    const second = await syncKnowledgeBase(db, sources, { fetch, now: () => NOW, sleep: async () => {} });
    expect(second.sources.every((s) => s.status === "not-modified")).toBe(true);
    expect(calls.slice(3).every((c) => c.conditional)).toBe(true);
  });

  it("runs as a job through the server's queue", async () => {
    const { fetch } = fixtureFetch();
    const queue = await openJobQueue(db, { ...(db.url !== undefined && { databaseUrl: db.url }), pollIntervalMs: 500 });
    try {
      const done = new Promise<void>((resolve, reject) => {
        void queue.work(KB_SYNC_JOB, async () => {
          try {
            await syncKnowledgeBase(db, sources, { fetch, now: () => NOW, sleep: async () => {} });
            resolve();
          } catch (e) {
            reject(e);
            throw e;
          }
        });
      });
      await queue.enqueue(KB_SYNC_JOB, {});
      await done;
      expect((await new KnowledgeBase(db).status()).advisories).toBe(518);
    } finally {
      await queue.stop({ graceful: true, timeoutMs: 10_000 });
    }
  });
});

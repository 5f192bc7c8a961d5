import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BulwarkError } from "@bulwark/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  type DownloadOptions,
  type DownloadProgress,
  download,
  parseRetryAfter,
  type RetryNotice,
} from "./http.ts";
import { TestFileServer } from "./test-support.ts";

const NOW = new Date("2025-08-25T12:00:00Z");
const BODY = Buffer.from("x".repeat(100_000));

let dir: string;
let server: TestFileServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "bulwark-http-"));
  server = await TestFileServer.start(dir);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function opts(extra: Partial<DownloadOptions> = {}): DownloadOptions & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    fetch: globalThis.fetch,
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    maxBytes: 1024 * 1024,
    sleeps,
    ...extra,
  };
}

async function codeOf(p: Promise<unknown>): Promise<BulwarkError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BulwarkError);
  return e as BulwarkError;
}

describe("download", () => {
  it("returns the bytes and validators, reporting progress with the total", async () => {
    server.put("/a.bin", BODY);
    const progress: DownloadProgress[] = [];
    const r = await download(`${server.url}/a.bin`, opts({ onProgress: (p) => progress.push(p) }));
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(Buffer.from(r.bytes).equals(BODY)).toBe(true);
    expect(r.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(r.lastModified).toBe("Mon, 25 Aug 2025 12:00:00 GMT");
    expect(progress.at(-1)).toMatchObject({ received: BODY.length, total: BODY.length });
    expect(progress.every((p) => p.total === BODY.length)).toBe(true);
  });

  it("sends If-None-Match and If-Modified-Since and reports 304 as not-modified", async () => {
    server.put("/b.bin", BODY);
    const first = await download(`${server.url}/b.bin`, opts());
    if (first.status !== "ok") throw new Error("expected a download");
    const r = await download(
      `${server.url}/b.bin`,
      opts({ validators: { etag: first.etag, lastModified: first.lastModified } }),
    );
    expect(r.status).toBe("not-modified");
    const last = server.requestsFor("/b.bin").at(-1);
    expect(last?.headers["if-none-match"]).toBe(first.etag);
    expect(last?.headers["if-modified-since"]).toBe(first.lastModified);
    expect(last?.status).toBe(304);
  });

  it("retries 503 with exponential backoff and honours Retry-After", async () => {
    server.put("/c.bin", BODY);
    server.failNext("/c.bin", { kind: "status", status: 503 }, { kind: "status", status: 503 });
    server.failNext("/c.bin", { kind: "status", status: 429, retryAfter: "7" });
    const retries: RetryNotice[] = [];
    const o = opts({ onRetry: (r) => retries.push(r) });
    const r = await download(`${server.url}/c.bin`, o);
    expect(r).toMatchObject({ status: "ok", attempts: 4 });
    // random() = 0.5: half of 1 s fixed + a quarter, then 2 s → 1.5 s, then Retry-After.
    expect(o.sleeps).toEqual([750, 1500, 7000]);
    expect(retries.map((x) => x.code)).toEqual(Array(3).fill("BULWARK_NET_HTTP_STATUS"));
  });

  it("reads Retry-After as an HTTP date against the injected clock", () => {
    expect(parseRetryAfter("Mon, 25 Aug 2025 12:00:30 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });

  it("keeps backoff within its bounds", () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect(backoffDelay(1, p, () => 0)).toBe(500);
    expect(backoffDelay(1, p, () => 0.999999)).toBe(1000);
    expect(backoffDelay(3, p, () => 0)).toBe(2000);
    expect(backoffDelay(10, p, () => 1)).toBe(5000);
  });

  it("gives up when Retry-After is longer than it is willing to wait", async () => {
    server.put("/d.bin", BODY);
    server.failNext("/d.bin", { kind: "status", status: 503, retryAfter: "3600" });
    const o = opts();
    const e = await codeOf(download(`${server.url}/d.bin`, o));
    expect(e.code).toBe("BULWARK_NET_HTTP_STATUS");
    expect(e.details).toMatchObject({ status: 503, retryAfterMs: 3_600_000, url: `${server.url}/d.bin` });
    expect(o.sleeps).toEqual([]);
  });

  it("does not retry 404 or 403", async () => {
    const before = server.requestsFor("/missing.bin").length;
    const e = await codeOf(download(`${server.url}/missing.bin`, opts()));
    expect(e.code).toBe("BULWARK_NET_HTTP_STATUS");
    expect(e.details).toMatchObject({ status: 404, attempts: 1 });
    expect(server.requestsFor("/missing.bin").length - before).toBe(1);
    server.put("/e.bin", BODY);
    server.failNext("/e.bin", { kind: "status", status: 403 });
    const e2 = await codeOf(download(`${server.url}/e.bin`, opts()));
    expect(e2.details).toMatchObject({ status: 403, attempts: 1 });
  });

  it("fails with a coded error after the last attempt", async () => {
    server.put("/f.bin", BODY);
    server.failAlways("/f.bin", { kind: "status", status: 500 });
    try {
      const o = opts();
      const e = await codeOf(download(`${server.url}/f.bin`, o));
      expect(e.code).toBe("BULWARK_NET_HTTP_STATUS");
      expect(e.details).toMatchObject({ status: 500, attempts: 4, url: `${server.url}/f.bin` });
      expect(e.exitCode).toBe(4);
      expect(o.sleeps).toHaveLength(3);
    } finally {
      server.clearFaults();
    }
  });

  it("retries dropped connections and truncated bodies", async () => {
    server.put("/g.bin", BODY);
    server.failNext("/g.bin", { kind: "drop" }, { kind: "truncate" });
    const retries: RetryNotice[] = [];
    const r = await download(`${server.url}/g.bin`, opts({ onRetry: (x) => retries.push(x) }));
    expect(r).toMatchObject({ status: "ok", attempts: 3 });
    expect(retries.map((x) => x.code)).toEqual(["BULWARK_NET_UNREACHABLE", expect.stringMatching(/^BULWARK_NET_/)]);
  });

  it("reports an unreachable server as BULWARK_NET_UNREACHABLE", async () => {
    const closed = await TestFileServer.start(dir);
    const url = `${closed.url}/x`;
    await closed.close();
    const e = await codeOf(download(url, opts({ retry: { maxAttempts: 2 } })));
    expect(e.code).toBe("BULWARK_NET_UNREACHABLE");
    expect(e.message).toContain("ECONNREFUSED");
    expect(e.details).toMatchObject({ url, attempts: 2 });
  });

  it("refuses a Content-Length over the limit without reading or retrying", async () => {
    server.put("/h.bin", BODY);
    const before = server.requestsFor("/h.bin").length;
    const e = await codeOf(download(`${server.url}/h.bin`, opts({ maxBytes: 1000 })));
    expect(e.code).toBe("BULWARK_NET_BAD_CONTENT");
    expect(e.details).toMatchObject({ size: BODY.length, maxBytes: 1000, attempts: 1 });
    expect(server.requestsFor("/h.bin").length - before).toBe(1);
    server.failNext("/h.bin", { kind: "announce", contentLength: 10 * 1024 * 1024 * 1024 });
    const e2 = await codeOf(download(`${server.url}/h.bin`, opts()));
    expect(e2.code).toBe("BULWARK_NET_BAD_CONTENT");
    expect(e2.details.size).toBe(10 * 1024 * 1024 * 1024);
  });

  it("counts streamed bytes and aborts past the limit when no length is announced", async () => {
    server.put("/i.bin", BODY);
    server.failNext("/i.bin", { kind: "chunked" });
    const progress: DownloadProgress[] = [];
    const e = await codeOf(
      download(`${server.url}/i.bin`, opts({ maxBytes: 10_000, onProgress: (p) => progress.push(p) })),
    );
    expect(e.code).toBe("BULWARK_NET_BAD_CONTENT");
    expect(e.message).toContain("more than the limit of 10000 bytes");
    expect(progress.every((p) => p.total === undefined && p.received <= 10_000)).toBe(true);
  });

  it("times out a stalled attempt and retries it", async () => {
    server.put("/j.bin", BODY);
    server.failNext("/j.bin", { kind: "hang" });
    const retries: RetryNotice[] = [];
    const r = await download(
      `${server.url}/j.bin`,
      opts({ retry: { idleTimeoutMs: 150 }, onRetry: (x) => retries.push(x) }),
    );
    expect(r).toMatchObject({ status: "ok", attempts: 2 });
    expect(retries[0]?.code).toBe("BULWARK_NET_TIMEOUT");
    server.failAlways("/j.bin", { kind: "hang" });
    try {
      const e = await codeOf(download(`${server.url}/j.bin`, opts({ retry: { idleTimeoutMs: 100, maxAttempts: 2 } })));
      expect(e.code).toBe("BULWARK_NET_TIMEOUT");
      expect(e.details).toMatchObject({ timeoutMs: 100, attempts: 2 });
    } finally {
      server.clearFaults();
    }
  });

  it("stops without retrying when the caller aborts", async () => {
    server.put("/k.bin", BODY);
    server.failAlways("/k.bin", { kind: "hang" });
    try {
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 50);
      const e = await codeOf(download(`${server.url}/k.bin`, opts({ signal: ctl.signal })));
      expect(e.code).toBe("BULWARK_NET_UNREACHABLE");
      expect(e.message).toContain("cancelled");
      expect(e.details.attempts).toBe(1);
    } finally {
      server.clearFaults();
    }
  });

  it("refuses URLs that are not http(s)", async () => {
    const e = await codeOf(download("file:///etc/passwd", opts()));
    expect(e.code).toBe("BULWARK_NET_UNREACHABLE");
  });
});

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readOsvZip } from "@bulwark/advisories";
import { BulwarkError } from "@bulwark/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AdvisoryDatabase } from "../advisory-db/database.ts";
import {
  FALLBACK_OSV_ECOSYSTEMS,
  normalizeEcosystemName,
  osvExportUrl,
  parseEcosystemsList,
  type SyncEvent,
  type SyncOptions,
  syncAdvisories,
} from "./sync.ts";
import {
  FIXTURE_ECOSYSTEMS,
  FIXTURES,
  fixtureRecords,
  MIRROR,
  makeZip,
  TestFileServer,
  writeMirror,
} from "./test-support.ts";

const SHARED = "/work/shared/data";

let root: string;
let server: TestFileServer;
let db: AdvisoryDatabase;
let clock: number;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "bulwark-sync-"));
  writeMirror(root);
  server = await TestFileServer.start(root);
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  clock = Date.parse("2025-08-26T08:00:00Z");
  db = AdvisoryDatabase.open(":memory:", { now: () => new Date(clock) });
});
afterEach(() => {
  db.close();
  server.clearFaults();
  writeMirror(root);
});

function options(extra: Partial<SyncOptions> = {}): SyncOptions & { sleeps: number[]; events: SyncEvent[] } {
  const sleeps: number[] = [];
  const events: SyncEvent[] = [];
  return {
    fetch: globalThis.fetch,
    now: () => new Date(clock),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    osvBaseUrl: `${server.url}/osv`,
    ecosystems: [...FIXTURE_ECOSYSTEMS],
    kevUrl: server.url + MIRROR.kev,
    epssUrl: server.url + MIRROR.epss,
    onEvent: (e) => events.push(e),
    sleeps,
    events,
    ...extra,
  };
}

const recordCount = FIXTURE_ECOSYSTEMS.reduce((n, e) => n + fixtureRecords(e).length, 0);

async function rejection(p: Promise<unknown>): Promise<BulwarkError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BulwarkError);
  return e as BulwarkError;
}

/** Everything observable in the database, for "unchanged" checks. */
/** The stored data, without when it was last confirmed current (a 304 moves that on purpose). */
function snapshot(d: AdvisoryDatabase) {
  const { lastUpdate: _checked, ...status } = d.status();
  const sources = status.sources.map(({ checkedAt: _c, ...rest }) => rest);
  return {
    status: { ...status, sources },
    go: d.getById("GO-2022-0535"),
    kev: d.getKev("CVE-2020-0601"),
    epss: d.getEpss("CVE-2021-44228"),
  };
}

describe("ecosystem names", () => {
  it("parses ecosystems.txt, skipping release suffixes, comments and unsafe names", () => {
    expect(parseEcosystemsList("Go\r\nPyPI\n\n# c\nDebian:12\nDebian\n..\na/b\nGo\nRocky Linux\n")).toEqual({
      names: ["Go", "PyPI", "Debian", "Rocky Linux"],
      skipped: ["Debian:12", "..", "a/b"],
    });
  });

  it("gives names OSV's spelling and builds bucket URLs", () => {
    expect(normalizeEcosystemName("pypi")).toBe("PyPI");
    expect(normalizeEcosystemName("debian:12")).toBe("Debian:12");
    expect(normalizeEcosystemName("NewThing")).toBe("NewThing");
    expect(normalizeEcosystemName("../x")).toBeUndefined();
    expect(osvExportUrl("https://h/b/", "Rocky Linux")).toBe("https://h/b/Rocky%20Linux/all.zip");
    expect(osvExportUrl("https://h", "Ubuntu:22.04:LTS")).toBe("https://h/Ubuntu%3A22.04%3ALTS/all.zip");
  });
});

describe("syncAdvisories", () => {
  it("imports every source on the first run, with validators recorded", async () => {
    const o = options();
    const s = await syncAdvisories(db, o);
    expect(s.sources.map((x) => [x.source, x.status])).toEqual([
      ["osv:Go", "downloaded"],
      ["osv:PyPI", "downloaded"],
      ["osv:crates.io", "downloaded"],
      ["kev", "downloaded"],
      ["epss", "downloaded"],
    ]);
    expect(s.ecosystemsFrom).toBe("option");
    expect(s.warnings).toEqual([]);
    expect(s.import?.sources.reduce((n, x) => n + x.added, 0)).toBe(recordCount);
    expect(s.import?.kev?.entries).toBe(46);
    expect(s.import?.epss).toMatchObject({ scores: 427, scoreDate: "2025-08-25T12:55:00Z" });
    expect(s.startedAt).toBe("2025-08-26T08:00:00.000Z");
    const st = db.status();
    expect(st.advisories).toBe(recordCount);
    expect(st.byEcosystem).toMatchObject({ Go: 3, PyPI: 4, "crates.io": 3 });
    expect(st.kevEntries).toBe(46);
    expect(st.epssScores).toBe(427);
    const go = db.getSource("osv:Go");
    expect(go?.location).toBe(`${server.url}/osv/Go/all.zip`);
    expect(go?.etag).toMatch(/^"/);
    expect(go?.lastModified).toMatch(/GMT$/);
    expect(db.getSource("kev")?.etag).toMatch(/^"/);
    expect(db.getEpss("CVE-2021-44228")).toEqual({ cve: "CVE-2021-44228", epss: 0.94358, percentile: 0.99958 });
    expect(o.sleeps).toEqual([]);
    const types = o.events.map((e) => e.type);
    expect(types[0]).toBe("ecosystems");
    expect(types.filter((t) => t === "source-done")).toHaveLength(5);
    expect(types.at(-1)).toBe("import-start");
    const progress = o.events.filter((e) => e.type === "progress" && e.source === "osv:Go");
    expect(progress.at(-1)).toMatchObject({ total: s.sources[0]?.bytes, received: s.sources[0]?.bytes });
  });

  it("sends conditional requests on the next run and leaves the database alone on 304", async () => {
    await syncAdvisories(db, options());
    const before = snapshot(db);
    const seen = server.requests.length;
    clock += 3_600_000;
    const s = await syncAdvisories(db, options());
    expect(s.sources.every((x) => x.status === "not-modified" && x.bytes === 0)).toBe(true);
    expect(s.import).toBeUndefined();
    const again = server.requests.slice(seen);
    expect(again).toHaveLength(5);
    for (const r of again) {
      expect(r.status).toBe(304);
      expect(r.headers["if-none-match"]).toMatch(/^"/);
      expect(r.headers["if-modified-since"]).toMatch(/GMT$/);
    }
    expect(snapshot(db)).toEqual(before);
    // ...but records that the data was confirmed current, so it is not reported stale.
    expect(db.status().lastUpdate).toBe(new Date(clock).toISOString());
  });

  it("re-downloads only what changed, and drops records a full export no longer has", async () => {
    await syncAdvisories(db, options());
    const go = fixtureRecords("Go");
    writeFileSync(join(root, "osv/Go/all.zip"), makeZip(go.slice(1)));
    clock += 3_600_000;
    const s = await syncAdvisories(db, options());
    expect(s.sources.map((x) => x.status)).toEqual([
      "downloaded",
      "not-modified",
      "not-modified",
      "not-modified",
      "not-modified",
    ]);
    expect(s.import?.sources).toEqual([{ source: "osv:Go", added: 0, updated: 0, unchanged: 2, older: 0, removed: 1 }]);
    expect(db.status().advisories).toBe(recordCount - 1);
    expect(db.getSource("osv:Go")?.importedAt).toBe("2025-08-26T09:00:00.000Z");
    expect(db.getSource("osv:PyPI")?.importedAt).toBe("2025-08-26T08:00:00.000Z");
  });

  it("does not send validators recorded for a different URL", async () => {
    await syncAdvisories(db, options());
    server.put("/mirror2/Go/all.zip", readFileSync(join(root, "osv/Go/all.zip")));
    const s = await syncAdvisories(db, options({ osvBaseUrl: `${server.url}/mirror2`, ecosystems: ["Go"] }));
    expect(s.sources[0]?.status).toBe("downloaded");
    expect(server.requestsFor("/mirror2/Go/all.zip")[0]?.headers["if-none-match"]).toBeUndefined();
  });

  it("retries transient failures and then succeeds", async () => {
    server.failNext(MIRROR.zip("PyPI"), { kind: "status", status: 503 }, { kind: "drop" });
    server.failNext(MIRROR.kev, { kind: "status", status: 429, retryAfter: "2" });
    server.failNext(MIRROR.epss, { kind: "truncate" });
    const o = options();
    const s = await syncAdvisories(db, o);
    expect(s.sources.every((x) => x.status === "downloaded")).toBe(true);
    expect(s.sources.map((x) => x.attempts)).toEqual([1, 3, 1, 2, 2]);
    expect(o.sleeps).toEqual([500, 1000, 2000, 500]);
    expect(o.events.filter((e) => e.type === "retry").map((e) => (e.type === "retry" ? e.source : ""))).toEqual([
      "osv:PyPI",
      "osv:PyPI",
      "kev",
      "epss",
    ]);
    expect(db.status().advisories).toBe(recordCount);
  });

  it("reports a source that keeps failing, imports the others, and records the reason", async () => {
    server.failAlways(MIRROR.kev, { kind: "status", status: 502 });
    const s = await syncAdvisories(db, options());
    const kev = s.sources.find((x) => x.source === "kev");
    expect(kev).toMatchObject({ status: "failed", attempts: 4, error: { code: "BULWARK_NET_HTTP_STATUS" } });
    expect(kev?.error?.details).toMatchObject({ status: 502, url: server.url + MIRROR.kev });
    expect(s.import?.kev).toBeUndefined();
    expect(db.status()).toMatchObject({ advisories: recordCount, kevEntries: 0, epssScores: 427 });
  });

  it("throws a coded error when every source fails, leaving the database as it was", async () => {
    await syncAdvisories(db, options());
    const before = snapshot(db);
    for (const p of [MIRROR.zip("Go"), MIRROR.zip("PyPI"), MIRROR.zip("crates.io"), MIRROR.kev, MIRROR.epss]) {
      server.failAlways(p, { kind: "status", status: 503 });
    }
    const e = await rejection(syncAdvisories(db, options()));
    expect(e.code).toBe("BULWARK_NET_HTTP_STATUS");
    expect(e.message).toContain("no source could be updated");
    expect((e.details.failures as unknown[]).length).toBe(5);
    expect(snapshot(db)).toEqual(before);
  });

  it("rejects a corrupt zip with BULWARK_ZIP_INVALID and keeps the previous contents", async () => {
    await syncAdvisories(db, options());
    const before = snapshot(db);
    const good = readFileSync(join(root, "osv/Go/all.zip"));
    writeFileSync(join(root, "osv/Go/all.zip"), Buffer.concat([good.subarray(0, 200), Buffer.alloc(300, 0x41)]));
    const e = await rejection(
      syncAdvisories(db, options({ ecosystems: ["Go"], kevUrl: undefined, epssUrl: undefined })),
    );
    expect(e.code).toBe("BULWARK_ZIP_INVALID");
    expect(snapshot(db)).toEqual(before);
    // Alongside other sources, the corrupt one is reported and its old records stay.
    const s = await syncAdvisories(db, options());
    expect(s.sources[0]).toMatchObject({ source: "osv:Go", status: "failed", error: { code: "BULWARK_ZIP_INVALID" } });
    expect(db.getById("GO-2022-0535")).toEqual(before.go);
  });

  it("rejects a 200 answer that is not a zip (an HTML error page)", async () => {
    server.put("/osv/Go/all.zip", "<html><body>Service unavailable</body></html>");
    try {
      const e = await rejection(
        syncAdvisories(db, options({ ecosystems: ["Go"], kevUrl: undefined, epssUrl: undefined })),
      );
      expect(e.code).toBe("BULWARK_NET_BAD_CONTENT");
      expect(e.message).toContain("not a zip archive");
    } finally {
      server.put("/osv/Go/all.zip", readFileSync(join(root, "osv/Go/all.zip")));
    }
  });

  it("reports bad KEV and EPSS content with their own codes", async () => {
    server.put("/bad/kev.json", "{not json");
    server.put("/bad/epss.csv", "a,b,c\n1,2,3\n");
    const s = await syncAdvisories(
      db,
      options({ kevUrl: `${server.url}/bad/kev.json`, epssUrl: `${server.url}/bad/epss.csv` }),
    );
    expect(s.sources.slice(3).map((x) => x.error?.code)).toEqual(["BULWARK_KEV_INVALID", "BULWARK_EPSS_INVALID"]);
    expect(db.status().advisories).toBe(recordCount);
  });

  it("enforces the size limit per kind", async () => {
    const s = await syncAdvisories(db, options({ limits: { osvZipBytes: 3000, kevBytes: 10_000 } }));
    const byName = Object.fromEntries(s.sources.map((x) => [x.source, x]));
    expect(byName.kev).toMatchObject({ status: "failed", error: { code: "BULWARK_NET_BAD_CONTENT" } });
    expect(byName.epss?.status).toBe("downloaded");
    const zipSizes = FIXTURE_ECOSYSTEMS.map((e) => readFileSync(join(root, "osv", e, "all.zip")).length);
    FIXTURE_ECOSYSTEMS.forEach((e, i) => {
      expect(byName[`osv:${e}`]?.status).toBe((zipSizes[i] ?? 0) > 3000 ? "failed" : "downloaded");
    });
    // Without Content-Length, the limit is enforced while streaming.
    server.failNext(MIRROR.kev, { kind: "chunked" });
    const e = await rejection(
      syncAdvisories(db, options({ ecosystems: [], epssUrl: undefined, limits: { kevBytes: 10_000 } })),
    );
    expect(e.code).toBe("BULWARK_NET_BAD_CONTENT");
    expect(e.message).toContain("more than the limit");
  });

  it("treats a 404 for one ecosystem as a warning", async () => {
    const s = await syncAdvisories(db, options({ ecosystems: ["Go", "npm"] }));
    expect(s.sources[1]).toMatchObject({ source: "osv:npm", status: "missing", attempts: 1 });
    expect(s.warnings).toEqual([`osv:npm: no export at ${server.url}/osv/npm/all.zip (HTTP 404); skipped`]);
    expect(db.status().byEcosystem.Go).toBe(3);
  });

  it("reads the ecosystem list from ecosystems.txt when none is given", async () => {
    const s = await syncAdvisories(db, options({ ecosystems: undefined }));
    expect(s.ecosystemsFrom).toBe("ecosystems.txt");
    expect(s.ecosystems).toEqual(["Go", "PyPI", "crates.io"]);
    expect(server.requestsFor("/osv/Ubuntu:22.04:LTS/all.zip")).toEqual([]);
    expect(db.status().advisories).toBe(recordCount);
  });

  it("falls back to the built-in list when ecosystems.txt is missing", async () => {
    rmSync(join(root, "osv/ecosystems.txt"));
    const o = options({ ecosystems: undefined, kevUrl: undefined, epssUrl: undefined });
    const s = await syncAdvisories(db, o);
    expect(s.ecosystemsFrom).toBe("fallback");
    expect(s.ecosystems).toEqual(FALLBACK_OSV_ECOSYSTEMS);
    expect(s.warnings[0]).toContain("cannot read the ecosystem list");
    const downloaded = s.sources.filter((x) => x.status === "downloaded").map((x) => x.source);
    expect(downloaded.sort()).toEqual(["osv:Go", "osv:PyPI", "osv:crates.io"]);
    expect(s.sources.filter((x) => x.status === "missing")).toHaveLength(FALLBACK_OSV_ECOSYSTEMS.length - 3);
    expect(s.warnings).toHaveLength(1 + FALLBACK_OSV_ECOSYSTEMS.length - 3);
  });

  it("fails with the HTTP error when nothing exists at the base URL", async () => {
    const e = await rejection(
      syncAdvisories(
        db,
        options({ osvBaseUrl: `${server.url}/nowhere`, ecosystems: ["Go"], kevUrl: undefined, epssUrl: undefined }),
      ),
    );
    expect(e.code).toBe("BULWARK_NET_HTTP_STATUS");
    expect(e.exitCode).toBe(4);
  });

  it("refuses unsafe ecosystem names and an empty selection", async () => {
    expect((await rejection(syncAdvisories(db, options({ ecosystems: [".."] })))).code).toBe(
      "BULWARK_ECOSYSTEM_UNKNOWN",
    );
    const e = await rejection(syncAdvisories(db, options({ ecosystems: [], kevUrl: undefined, epssUrl: undefined })));
    expect(e.code).toBe("BULWARK_CLI_USAGE");
  });

  it("stops before importing when cancelled", async () => {
    const ctl = new AbortController();
    const o = options({
      signal: ctl.signal,
      onEvent: (e) => {
        if (e.type === "source-done" && e.outcome.source === "osv:PyPI") ctl.abort();
      },
    });
    const e = await rejection(syncAdvisories(db, o));
    expect(e.message).toContain("cancelled");
    expect(db.status().advisories).toBe(0);
  });

  it.skipIf(!existsSync(join(FIXTURES, "osv", "Go", "all.zip")))(
    "syncs the real export subsets in fixtures/osv and the full KEV catalog",
    async () => {
      const real = await TestFileServer.start(FIXTURES);
      try {
        const ecosystems = readdirSync(join(FIXTURES, "osv")).filter((e) =>
          existsSync(join(FIXTURES, "osv", e, "all.zip")),
        );
        const o = options({
          osvBaseUrl: `${real.url}/osv`,
          ecosystems,
          kevUrl: `${real.url}/kev/known_exploited_vulnerabilities.json`,
          epssUrl: `${real.url}/epss/epss_scores-2025-08-25.csv.gz`,
        });
        const s = await syncAdvisories(db, o);
        expect(s.sources.every((x) => x.status === "downloaded")).toBe(true);
        for (const eco of ecosystems) {
          const expected = readOsvZip(readFileSync(join(FIXTURES, "osv", eco, "all.zip")), eco).records.length;
          expect(s.sources.find((x) => x.source === `osv:${eco}`)?.records).toBe(expected);
        }
        expect(db.status().kevEntries).toBe(1404);
        expect(db.getEpss("CVE-2021-44228")?.epss).toBe(0.94358);
      } finally {
        await real.close();
      }
    },
  );

  it.skipIf(!existsSync(join(SHARED, "osv")))("syncs the real osv.dev-layout exports in /work/shared", async () => {
    const real = await TestFileServer.start(SHARED);
    try {
      const ecosystems = ["Go", "PyPI", "crates.io", "OSS-Fuzz", "Bitnami", "AlmaLinux"];
      const s = await syncAdvisories(
        db,
        options({
          osvBaseUrl: `${real.url}/osv`,
          ecosystems,
          kevUrl: `${real.url}/kev/known_exploited_vulnerabilities.json`,
          epssUrl: undefined,
        }),
      );
      expect(s.sources.every((x) => x.status === "downloaded")).toBe(true);
      for (const eco of ecosystems) {
        const expected = readOsvZip(readFileSync(join(SHARED, "osv", eco, "all.zip")), eco).records.length;
        expect(s.sources.find((x) => x.source === `osv:${eco}`)?.records).toBe(expected);
      }
      expect(db.status().advisories).toBeGreaterThan(20_000);
      expect(db.status().kevEntries).toBe(1404);
      const again = await syncAdvisories(
        db,
        options({ osvBaseUrl: `${real.url}/osv`, ecosystems, kevUrl: undefined, epssUrl: undefined }),
      );
      expect(again.sources.every((x) => x.status === "not-modified")).toBe(true);
    } finally {
      await real.close();
    }
  });
});

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type ParsedOsvRecord, parseEpss, parseKev, parseOsvJson, readOsvZip } from "@bulwark/advisories";
import { fixturePath } from "@bulwark/core/testing";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AdvisoryDatabase } from "../../advisory-db/database.ts";
import type { ImportBatch } from "../../advisory-db/types.ts";
import { migrateServerDb, SERVER_MIGRATIONS } from "../migrate.ts";
import { type TestServerDb, testDialects } from "../testing.ts";
import { importIntoKnowledgeBase, markSourcesChecked } from "./import.ts";
import { KnowledgeBase } from "./knowledge-base.ts";

const NOW = new Date("2026-11-20T00:00:00Z");
const ECOSYSTEMS = ["PyPI", "Go", "AlmaLinux", "crates.io", "Bitnami", "OSS-Fuzz"];
/** Records in each fixture export, in {@link ECOSYSTEMS} order. */
const FIXTURE_COUNTS = [228, 290, 94, 36, 81, 177];

const fixtureZip = (eco: string) => readOsvZip(readFileSync(fixturePath("osv", eco, "all.zip")), eco).records;
const kevFixture = (f: string) => parseKev(JSON.parse(readFileSync(fixturePath("kev", f), "utf8")), f);
const epssFixture = () =>
  parseEpss(readFileSync(fixturePath("epss", "epss_scores-2025-08-25.csv.gz")), "epss_scores-2025-08-25.csv.gz");

/** Every fixture export, the current KEV catalog and the EPSS file, as `bulwark db import` would give them. */
function fixtureBatch(): ImportBatch {
  return {
    osv: ECOSYSTEMS.map((e) => ({ source: `osv:${e}`, location: `${e}/all.zip`, full: true, records: fixtureZip(e) })),
    kev: { catalog: kevFixture("known_exploited_vulnerabilities.json"), location: "kev.json", etag: '"k1"' },
    epss: { file: epssFixture(), location: "epss.csv.gz", lastModified: "Mon, 25 Aug 2025 13:00:00 GMT" },
    validators: { "osv:PyPI": { etag: '"pypi"', lastModified: "Tue, 26 Aug 2025 00:00:00 GMT" } },
  };
}

function rec(id: string, modified: string, extra: Record<string, unknown> = {}): ParsedOsvRecord {
  const json = JSON.stringify({
    id,
    modified,
    aliases: [`CVE-${id}`],
    affected: [
      {
        package: { ecosystem: "PyPI", name: "Demo_Pkg" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.0" }] }],
      },
    ],
    ...extra,
  });
  const parsed = parseOsvJson(json, id);
  if ("reason" in parsed) throw new Error(parsed.reason);
  return parsed;
}

const one = (source: string, full: boolean, records: ParsedOsvRecord[]): ImportBatch => ({
  osv: [{ source, location: source, full, records }],
});

/** The CLI's database on a temporary file, for comparing answers. */
function cliDatabase(): { db: AdvisoryDatabase; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-kb-cli-"));
  const db = AdvisoryDatabase.open(join(dir, "advisories.db"), { now: () => NOW });
  return {
    db,
    dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each(testDialects())("knowledge base on $name", (dialect) => {
  let server: TestServerDb;
  let kb: KnowledgeBase;
  beforeEach(async () => {
    server = await dialect.open();
    await migrateServerDb(server);
    kb = new KnowledgeBase(server);
  });
  afterEach(() => server.dispose());

  async function rowCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of [
      "kb_advisories",
      "kb_affected",
      "kb_aliases",
      "kb_advisory_sources",
      "kb_sources",
      "kb_kev",
      "kb_epss",
    ] as const) {
      const r = await server.kysely
        .selectFrom(t)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      out[t] = Number(r.n);
    }
    return out;
  }

  it("gives the CLI database's answers for the same import", async () => {
    const cli = cliDatabase();
    try {
      const cliSummary = cli.db.import(fixtureBatch());
      const summary = await importIntoKnowledgeBase(kb, fixtureBatch(), NOW);
      const strip = ({ durationMs: _d, ...rest }: typeof summary) => rest;
      expect(strip(summary)).toEqual(strip(cliSummary));
      expect(summary.sources.map((s) => s.added)).toEqual(FIXTURE_COUNTS);

      const { path: _p, schemaVersion, ...status } = await kb.status();
      const { path: _cp, schemaVersion: _cv, ...cliStatus } = cli.db.status();
      expect(status).toEqual(cliStatus);
      expect(schemaVersion).toBe(SERVER_MIGRATIONS.length);
      expect(status.advisories).toBe(FIXTURE_COUNTS.reduce((a, b) => a + b));
      expect(status.sources.find((s) => s.name === "osv:PyPI")).toMatchObject({ etag: '"pypi"', records: 228 });

      for (const [base, name] of [
        ["PyPI", "django"],
        ["Go", "stdlib"],
        ["AlmaLinux", "openssl"],
        ["crates.io", "tokio"],
        ["PyPI", "no-such-package"],
      ] as const) {
        const rows = await kb.findAffected(base, name);
        expect(rows, `${base}/${name}`).toEqual(await cli.db.findAffected(base, name));
      }
      expect((await kb.findAffected("PyPI", "django")).length).toBeGreaterThan(50);
      expect((await kb.findAffected("Go", "stdlib")).length).toBeGreaterThan(20);

      const ids = fixtureZip("Go")
        .slice(0, 40)
        .map((r) => r.id);
      for (const id of ids) {
        expect(await kb.getJson(id)).toBe(cli.db.getJson(id));
        expect(await kb.getDigest(id)).toEqual(cli.db.getDigest(id));
        expect(await kb.getById(id)).toEqual(await cli.db.getById(id));
      }
      const digests = await kb.getDigests([...ids, "NOPE-1"]);
      expect(digests.size).toBe(ids.length);
      expect(digests.get(ids[0] as string)).toEqual(cli.db.getDigest(ids[0] as string));

      const cve = (await kb.getDigest(ids[0] as string))?.aliases?.find((a) => a.startsWith("CVE-"));
      expect(cve).toBeDefined();
      expect(await kb.idsForAlias(cve as string)).toEqual(cli.db.idsForAlias(cve as string));

      expect(await kb.kevEntries()).toEqual(cli.db.kevEntries());
      expect(await kb.getKev("CVE-2021-44228")).toMatchObject({ vendorProject: "Apache", dueDate: "2021-12-24" });
      expect(await kb.getKev("CVE-2021-44228")).toEqual(cli.db.getKev("CVE-2021-44228"));
      expect(await kb.getKev("CVE-1999-0000")).toBeUndefined();
      const scored = epssFixture().scores.slice(0, 30);
      for (const s of scored) expect(await kb.getEpss(s.cve)).toEqual(cli.db.getEpss(s.cve));
      const many = await kb.getEpssMany([...scored.map((s) => s.cve), "CVE-1999-0000"]);
      expect([...many.values()]).toEqual(scored.map((s) => cli.db.getEpss(s.cve)));
      expect(await kb.getEpss("CVE-1999-0000")).toBeUndefined();
      expect(await kb.lastUpdate()).toBe(NOW.toISOString());
      expect(await kb.getSource("kev")).toEqual(cli.db.getSource("kev"));
    } finally {
      cli.dispose();
    }
  });

  it("changes nothing on a second identical import", async () => {
    await importIntoKnowledgeBase(kb, fixtureBatch(), NOW);
    const before = await rowCounts();
    const status = await kb.status();
    const django = await kb.findAffected("PyPI", "django");
    const again = await importIntoKnowledgeBase(server, fixtureBatch(), NOW);
    for (const s of again.sources) expect(s).toMatchObject({ added: 0, updated: 0, older: 0, removed: 0 });
    expect(again.sources.map((s) => s.unchanged)).toEqual(FIXTURE_COUNTS);
    expect(await rowCounts()).toEqual(before);
    expect(await kb.status()).toEqual(status);
    expect(await kb.findAffected("PyPI", "django")).toEqual(django);
  });

  it("keeps the newer `modified`: newer replaces, equal is unchanged, older is skipped", async () => {
    await importIntoKnowledgeBase(kb, one("a", false, [rec("X-1", "2024-01-01T00:00:00Z")]), NOW);
    const newer = rec("X-1", "2024-06-01T00:00:00Z", {
      summary: "newer",
      aliases: ["CVE-NEW-1"],
      affected: [{ package: { ecosystem: "PyPI", name: "Other.Pkg" }, versions: ["1.0"] }],
    });
    expect((await importIntoKnowledgeBase(kb, one("a", false, [newer]), NOW)).sources[0]?.updated).toBe(1);
    expect((await importIntoKnowledgeBase(kb, one("a", false, [newer]), NOW)).sources[0]?.unchanged).toBe(1);
    const older = rec("X-1", "2023-01-01T00:00:00Z", { summary: "older" });
    expect((await importIntoKnowledgeBase(kb, one("a", false, [older]), NOW)).sources[0]?.older).toBe(1);
    expect((await kb.getById("X-1"))?.summary).toBe("newer");
    // The package index and the aliases follow the replacement; the old entry is gone.
    expect(await kb.findAffected("PyPI", "demo-pkg")).toEqual([]);
    expect((await kb.findAffected("PyPI", "other-pkg")).map((r) => [r.advisoryId, r.aliases])).toEqual([
      ["X-1", ["CVE-NEW-1"]],
    ]);
    expect(await kb.idsForAlias("CVE-X-1")).toEqual([]);
    expect(await kb.idsForAlias("CVE-NEW-1")).toEqual(["X-1"]);
  });

  it("writes a record once when one import delivers it twice, the newest copy winning", async () => {
    const batch: ImportBatch = {
      osv: [
        { source: "s1", location: "s1", full: true, records: [rec("D-1", "2024-01-01T00:00:00Z")] },
        { source: "s2", location: "s2", full: true, records: [rec("D-1", "2024-03-01T00:00:00Z", { summary: "v2" })] },
        { source: "s3", location: "s3", full: true, records: [rec("D-1", "2024-02-01T00:00:00Z")] },
      ],
    };
    const cli = cliDatabase();
    try {
      const expected = cli.db.import(batch).sources;
      expect((await importIntoKnowledgeBase(kb, batch, NOW)).sources).toEqual(expected);
      expect((await kb.getById("D-1"))?.summary).toBe("v2");
      expect(await kb.findAffected("PyPI", "demo-pkg")).toEqual(await cli.db.findAffected("PyPI", "demo-pkg"));
      expect((await rowCounts()).kb_affected).toBe(1);
    } finally {
      cli.dispose();
    }
  });

  it("orders ids byte-wise like the CLI, whatever the server's locale", async () => {
    // Case and punctuation sort differently under a linguistic collation (en-US and the like).
    const ids = ["a-2", "B-1", "A-10", "A-9", "b-1", "Z.1", "z:1", "A+1", "A1"];
    const batch: ImportBatch = {
      osv: [
        {
          source: "s",
          location: "s",
          full: false,
          records: ids.map((id) => rec(id, "2024-01-01T00:00:00Z", { aliases: ["CVE-SHARED-1"] })),
        },
      ],
    };
    const cli = cliDatabase();
    try {
      cli.db.import(batch);
      await importIntoKnowledgeBase(kb, batch, NOW);
      const order = (await kb.findAffected("PyPI", "demo-pkg")).map((r) => r.advisoryId);
      expect(order).toEqual((await cli.db.findAffected("PyPI", "demo-pkg")).map((r) => r.advisoryId));
      expect(order).toEqual([...ids].sort());
      expect(await kb.idsForAlias("CVE-SHARED-1")).toEqual(cli.db.idsForAlias("CVE-SHARED-1"));
      if (server.dialect === "postgres") {
        // The test database may well use the C locale anyway; the key columns must not depend on it.
        const cols = await sql<{ column_name: string; collation_name: string | null }>`
          SELECT column_name, collation_name FROM information_schema.columns
           WHERE table_name = 'kb_affected' AND column_name IN ('advisory_id', 'base', 'name')`.execute(server.kysely);
        expect(cols.rows.map((r) => r.collation_name)).toEqual(["C", "C", "C"]);
      }
    } finally {
      cli.dispose();
    }
  });

  it("removes records missing from a full export unless another source still has them", async () => {
    const [a, b, c, d] = ["A-1", "B-1", "C-1", "D-1"].map((id) => rec(id, "2024-01-01T00:00:00Z")) as [
      ParsedOsvRecord,
      ParsedOsvRecord,
      ParsedOsvRecord,
      ParsedOsvRecord,
    ];
    await importIntoKnowledgeBase(
      kb,
      {
        osv: [
          { source: "s1", location: "s1", full: true, records: [a, b, c, d] },
          { source: "s2", location: "s2", full: true, records: [c] },
        ],
      },
      NOW,
    );
    // A partial source never removes anything.
    expect((await importIntoKnowledgeBase(kb, one("s1", false, [a]), NOW)).sources[0]?.removed).toBe(0);
    const s = await importIntoKnowledgeBase(kb, one("s1", true, [a]), NOW);
    expect(s.sources[0]).toMatchObject({ unchanged: 1, removed: 2 });
    expect(await kb.getById("B-1")).toBeUndefined();
    expect(await kb.getById("D-1")).toBeUndefined();
    expect(await kb.getById("C-1")).toBeDefined();
    expect(await kb.idsForAlias("CVE-B-1")).toEqual([]);
    expect((await kb.findAffected("PyPI", "demo-pkg")).map((r) => r.advisoryId)).toEqual(["A-1", "C-1"]);
    expect((await kb.getSource("s1"))?.records).toBe(1);
    // Once the last source holding C-1 drops it, it goes too.
    expect((await importIntoKnowledgeBase(kb, one("s2", true, []), NOW)).sources[0]?.removed).toBe(1);
    expect(await kb.getById("C-1")).toBeUndefined();
    expect((await rowCounts()).kb_affected).toBe(1);
  });

  it("never returns withdrawn advisories from findAffected, but keeps them by id", async () => {
    await importIntoKnowledgeBase(
      kb,
      one("a", false, [
        rec("W-1", "2024-01-01T00:00:00Z", { withdrawn: "2024-02-01T00:00:00Z" }),
        rec("L-1", "2024-01-01T00:00:00Z"),
      ]),
      NOW,
    );
    expect((await kb.findAffected("PyPI", "demo-pkg")).map((r) => r.advisoryId)).toEqual(["L-1"]);
    expect(await kb.getById("W-1")).toMatchObject({ id: "W-1", withdrawn: "2024-02-01T00:00:00Z" });
    expect(await kb.getDigest("W-1")).toMatchObject({ id: "W-1" });
    expect(await kb.idsForAlias("CVE-W-1")).toEqual(["W-1"]);
    expect((await kb.status()).withdrawn).toBe(1);
  });

  it("rolls the whole import back when anything fails midway", async () => {
    await importIntoKnowledgeBase(kb, one("osv:Go", true, fixtureZip("Go").slice(0, 100)), NOW);
    const before = await rowCounts();
    const status = await kb.status();
    // A record that throws while being prepared stands in for a failure after several flushes.
    const poisoned = {
      ...rec("K-3", "2024-01-01T00:00:00Z"),
      get json(): string {
        throw new Error("disk full");
      },
    } as ParsedOsvRecord;
    const batch: ImportBatch = {
      osv: [
        { source: "osv:PyPI", location: "PyPI", full: true, records: fixtureZip("PyPI") },
        { source: "osv:Go", location: "Go", full: true, records: [...fixtureZip("Go"), poisoned] },
      ],
      kev: { catalog: kevFixture("known_exploited_vulnerabilities.json"), location: "kev.json" },
    };
    await expect(importIntoKnowledgeBase(kb, batch, new Date("2026-12-01T00:00:00Z"))).rejects.toMatchObject({
      code: "BULWARK_DB_WRITE_FAILED",
      message: expect.stringMatching(/rolled back: disk full/),
    });
    expect(await rowCounts()).toEqual(before);
    expect(await kb.status()).toEqual(status);
    expect(await kb.findAffected("PyPI", "django")).toEqual([]);
  });

  it("rolls back on a database error too (a constraint violated in the last step)", async () => {
    await importIntoKnowledgeBase(kb, one("a", false, [rec("R-1", "2024-01-01T00:00:00Z")]), NOW);
    const before = await rowCounts();
    // NULL in a NOT NULL column fails inside the database, after the records were written.
    const badKev = { ...kevFixture("known_exploited_vulnerabilities.json") };
    const entries = [...badKev.entries];
    entries[5] = { ...(entries[5] as (typeof entries)[0]), product: null as unknown as string };
    await expect(
      importIntoKnowledgeBase(
        kb,
        {
          ...one("a", false, [rec("R-2", "2024-01-01T00:00:00Z")]),
          kev: { catalog: { ...badKev, entries }, location: "k" },
        },
        NOW,
      ),
    ).rejects.toMatchObject({ code: "BULWARK_DB_WRITE_FAILED" });
    expect(await rowCounts()).toEqual(before);
    expect(await kb.getById("R-2")).toBeUndefined();
  });

  it("keeps the newer KEV catalog and replaces EPSS scores unless the stored day is later", async () => {
    const s = await importIntoKnowledgeBase(
      kb,
      { kev: { catalog: kevFixture("known_exploited_vulnerabilities.json"), location: "kev.json", etag: '"abc"' } },
      NOW,
    );
    expect(s.kev?.entries).toBe(1404);
    const older = await importIntoKnowledgeBase(
      kb,
      { kev: { catalog: kevFixture("known_exploited_vulnerabilities-2025.08.21.json"), location: "old.json" } },
      NOW,
    );
    expect(older.kev?.skipped).toMatch(/newer/);
    expect((await kb.status()).kevEntries).toBe(1404);
    expect((await kb.getSource("kev"))?.etag).toBe('"abc"');

    const day = (date: string, rows: string) =>
      parseEpss(
        gzipSync(`#model_version:v2025.03.14,score_date:${date}T00:00:00+0000\ncve,epss,percentile\n${rows}`),
        "e",
      );
    await importIntoKnowledgeBase(
      kb,
      {
        epss: {
          file: day("2025-08-25", "CVE-2021-44228,0.94358,0.99958\nCVE-2020-0001,0.00100,0.20000\n"),
          location: "e",
        },
      },
      NOW,
    );
    expect(await kb.getEpss("CVE-2021-44228")).toEqual({ cve: "CVE-2021-44228", epss: 0.94358, percentile: 0.99958 });
    const next = await importIntoKnowledgeBase(
      kb,
      { epss: { file: day("2025-08-26", "CVE-2021-44228,0.95,0.99961\n"), location: "e" } },
      NOW,
    );
    expect(next.epss).toEqual({ scores: 1, scoreDate: "2025-08-26T00:00:00+0000" });
    expect(await kb.getEpss("CVE-2020-0001")).toBeUndefined();
    expect(await kb.getEpss("CVE-2021-44228")).toMatchObject({ epss: 0.95 });
    const stale = await importIntoKnowledgeBase(
      kb,
      { epss: { file: day("2025-08-24", "CVE-2020-0001,0.1,0.5\n"), location: "e" } },
      NOW,
    );
    expect(stale.epss?.skipped).toMatch(/newer/);
    expect((await kb.status()).epssScores).toBe(1);
  });

  it("labels imported advisories CLEAR and never relabels a stored one", async () => {
    await importIntoKnowledgeBase(kb, one("a", false, [rec("T-1", "2024-01-01T00:00:00Z")]), NOW);
    expect(await kb.tlpOf("T-1")).toBe("CLEAR");
    expect(await kb.tlpOf("NOPE-1")).toBeUndefined();
    await sql`UPDATE kb_advisories SET tlp = 'AMBER' WHERE id = 'T-1'`.execute(server.kysely);
    const s = await importIntoKnowledgeBase(kb, one("a", false, [rec("T-1", "2024-05-01T00:00:00Z")]), NOW);
    expect(s.sources[0]?.updated).toBe(1);
    expect(await kb.tlpOf("T-1")).toBe("AMBER");
  });

  it("imports inside the caller's transaction and labels what it names, committed or rolled back with it", async () => {
    const labels = new Map([["L-1", "AMBER" as const]]);
    const batch = one("clearinghouse", false, [rec("L-1", "2024-01-01T00:00:00Z"), rec("L-2", "2024-01-01T00:00:00Z")]);
    await expect(
      server.kysely.transaction().execute(async (trx) => {
        await importIntoKnowledgeBase(kb, batch, NOW, { transaction: trx, labels });
        // The caller's own write in the same transaction fails after the import: both go.
        throw new Error("the caller's write failed");
      }),
    ).rejects.toThrow("the caller's write failed");
    expect(await kb.getById("L-1")).toBeUndefined();
    expect(await kb.getSource("clearinghouse")).toBeUndefined();

    const summary = await server.kysely
      .transaction()
      .execute((trx) => importIntoKnowledgeBase(kb, batch, NOW, { transaction: trx, labels }));
    expect(summary.sources[0]).toMatchObject({ added: 2 });
    expect(await kb.labelsOf(["L-1", "L-2"])).toEqual(
      new Map([
        ["L-1", "AMBER"],
        ["L-2", "CLEAR"],
      ]),
    );
    // A label is set even when the record itself is unchanged; outside TLP 2.0 nothing is written.
    await importIntoKnowledgeBase(kb, one("clearinghouse", false, [rec("L-2", "2024-01-01T00:00:00Z")]), NOW, {
      labels: new Map([["L-2", "RED"]]),
    });
    expect(await kb.tlpOf("L-2")).toBe("RED");
    await expect(
      importIntoKnowledgeBase(kb, one("clearinghouse", false, [rec("L-3", "2024-01-01T00:00:00Z")]), NOW, {
        labels: new Map([["L-3", "WHITE" as "RED"]]),
      }),
    ).rejects.toMatchObject({ code: "BULWARK_DB_WRITE_FAILED", message: /not a TLP 2.0 label/ });
    expect(await kb.getById("L-3")).toBeUndefined();
  });

  it("moves lastUpdate forward without rewriting data (a 304)", async () => {
    await importIntoKnowledgeBase(kb, one("osv:Go", true, fixtureZip("Go")), new Date("2026-11-01T00:00:00Z"));
    expect(await kb.lastUpdate()).toBe("2026-11-01T00:00:00.000Z");
    await markSourcesChecked(kb, ["osv:Go"], NOW);
    expect(await kb.lastUpdate()).toBe(NOW.toISOString());
    expect((await kb.getSource("osv:Go"))?.importedAt).toBe("2026-11-01T00:00:00.000Z");
  });

  it("is empty before any import", async () => {
    expect(await kb.status()).toMatchObject({ advisories: 0, byEcosystem: {}, sources: [], lastUpdate: undefined });
    expect(await kb.lastUpdate()).toBeUndefined();
    expect(await kb.kevEntries()).toEqual([]);
  });
});

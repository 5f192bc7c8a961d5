import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync, gzipSync } from "node:zlib";
import { type ParsedOsvRecord, parseEpss, parseKev, parseOsvJson, readOsvZip } from "@bulwark/advisories";
import { fixturePath } from "@bulwark/core/testing";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { AdvisoryDatabase } from "./database.ts";
import { MIGRATIONS } from "./schema.ts";

function tempDb(): AdvisoryDatabase {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-db-"));
  return AdvisoryDatabase.open(join(dir, "advisories.db"), { now: () => new Date("2026-11-20T00:00:00Z") });
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

const fixtureZip = (eco: string) => readOsvZip(readFileSync(fixturePath("osv", eco, "all.zip")), eco).records;

describe("AdvisoryDatabase import", () => {
  it("imports the fixture exports and indexes them by (ecosystem, normalised name)", async () => {
    const db = tempDb();
    const summary = db.import({
      osv: ["PyPI", "Go", "AlmaLinux"].map((e) => ({
        source: `osv:${e}`,
        location: e,
        full: true,
        records: fixtureZip(e),
      })),
    });
    expect(summary.sources.map((s) => s.added)).toEqual([228, 290, 94]);
    const status = db.status();
    expect(status.advisories).toBe(228 + 290 + 94);
    expect(status.byEcosystem.PyPI).toBe(228);
    const django = await db.findAffected("PyPI", "django");
    expect(django.length).toBeGreaterThan(50);
    expect(django.every((r) => r.affected.package?.name.toLowerCase() === "django")).toBe(true);
    expect(await db.getById(django[0]!.advisoryId)).toMatchObject({ id: django[0]!.advisoryId });
    const alma = await db.findAffected("AlmaLinux", "openssl");
    expect(alma.some((r) => r.ecosystem.startsWith("AlmaLinux:"))).toBe(true);
    db.close();
  });

  it("is idempotent: a second import of the same data changes nothing", () => {
    const db = tempDb();
    const batch = { osv: [{ source: "osv:Go", location: "Go", full: true, records: fixtureZip("Go") }] };
    db.import(batch);
    const again = db.import(batch);
    expect(again.sources[0]).toMatchObject({ added: 0, updated: 0, unchanged: 290, older: 0, removed: 0 });
    expect(db.status().advisories).toBe(290);
    db.close();
  });

  it("keeps the newer `modified`: newer replaces, older is skipped", async () => {
    const db = tempDb();
    db.import({ osv: [{ source: "a", location: "a", full: false, records: [rec("X-1", "2024-01-01T00:00:00Z")] }] });
    const newer = rec("X-1", "2024-06-01T00:00:00Z", { summary: "newer" });
    expect(
      db.import({ osv: [{ source: "a", location: "a", full: false, records: [newer] }] }).sources[0]?.updated,
    ).toBe(1);
    const older = rec("X-1", "2023-01-01T00:00:00Z", { summary: "older" });
    expect(db.import({ osv: [{ source: "a", location: "a", full: false, records: [older] }] }).sources[0]?.older).toBe(
      1,
    );
    expect((await db.getById("X-1"))?.summary).toBe("newer");
    // The package index follows the replacement (normalised PyPI name).
    expect((await db.findAffected("PyPI", "demo-pkg")).map((r) => r.advisoryId)).toEqual(["X-1"]);
    db.close();
  });

  it("removes records missing from a full export unless another source still has them", async () => {
    const db = tempDb();
    const a = rec("A-1", "2024-01-01T00:00:00Z");
    const b = rec("B-1", "2024-01-01T00:00:00Z");
    const c = rec("C-1", "2024-01-01T00:00:00Z");
    db.import({
      osv: [
        { source: "s1", location: "s1", full: true, records: [a, b, c] },
        { source: "s2", location: "s2", full: true, records: [c] },
      ],
    });
    const s = db.import({ osv: [{ source: "s1", location: "s1", full: true, records: [a] }] });
    expect(s.sources[0]?.removed).toBe(1);
    expect(await db.getById("B-1")).toBeUndefined();
    expect(await db.getById("C-1")).toBeDefined();
    expect(db.idsForAlias("CVE-B-1")).toEqual([]);
    db.close();
  });

  it("never returns withdrawn advisories to the matcher, but keeps them by id", async () => {
    const db = tempDb();
    db.import({
      osv: [
        {
          source: "a",
          location: "a",
          full: false,
          records: [rec("W-1", "2024-01-01T00:00:00Z", { withdrawn: "2024-02-01T00:00:00Z" })],
        },
      ],
    });
    expect(await db.findAffected("PyPI", "demo-pkg")).toEqual([]);
    expect(await db.getById("W-1")).toBeDefined();
    db.close();
  });

  it("rolls the whole import back when anything fails midway", async () => {
    const db = tempDb();
    db.import({ osv: [{ source: "s", location: "s", full: true, records: [rec("K-1", "2024-01-01T00:00:00Z")] }] });
    const good = rec("K-2", "2024-01-01T00:00:00Z");
    // A record that throws while being written stands in for a disk error halfway through.
    const poisoned = {
      ...rec("K-3", "2024-01-01T00:00:00Z"),
      get json(): string {
        throw new Error("disk full");
      },
    };
    expect(() =>
      db.import({ osv: [{ source: "s", location: "s", full: true, records: [good, poisoned as ParsedOsvRecord] }] }),
    ).toThrowError(expect.objectContaining({ code: "BULWARK_DB_WRITE_FAILED" }));
    expect(await db.getById("K-1")).toBeDefined();
    expect(await db.getById("K-2")).toBeUndefined();
    expect(db.status().advisories).toBe(1);
    db.close();
  });

  it("stores KEV and keeps the newer catalog", () => {
    const db = tempDb();
    const kev = (f: string) => parseKev(JSON.parse(readFileSync(fixturePath("kev", f), "utf8")), f);
    const s = db.import({
      kev: { catalog: kev("known_exploited_vulnerabilities.json"), location: "kev.json", etag: '"abc"' },
    });
    expect(s.kev?.entries).toBe(1404);
    const log4shell = db.getKev("CVE-2021-44228");
    expect(log4shell).toMatchObject({ vendorProject: "Apache", dueDate: "2021-12-24" });
    const all = db.kevEntries();
    expect(all).toHaveLength(1404);
    expect(all.find((k) => k.cveID === "CVE-2021-44228")).toEqual(log4shell);
    const older = db.import({
      kev: { catalog: kev("known_exploited_vulnerabilities-2025.08.21.json"), location: "old.json" },
    });
    expect(older.kev?.skipped).toMatch(/newer/);
    expect(db.status().kevEntries).toBe(1404);
    expect(db.getSource("kev")?.etag).toBe('"abc"');
    db.close();
  });

  it("stores EPSS scores from a gzipped FIRST CSV", () => {
    const db = tempDb();
    const csv =
      "#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99958\nCVE-2020-0001,0.00100,0.20000\n";
    const file = parseEpss(gzipSync(csv), "epss.csv.gz");
    expect(db.import({ epss: { file, location: "epss.csv.gz" } }).epss?.scores).toBe(2);
    expect(db.getEpss("CVE-2021-44228")).toEqual({ cve: "CVE-2021-44228", epss: 0.94358, percentile: 0.99958 });
    db.close();
  });

  it("markChecked moves lastUpdate forward without rewriting data (a 304 from db update)", () => {
    let now = new Date("2026-11-01T00:00:00Z");
    const dir = mkdtempSync(join(tmpdir(), "bulwark-db-"));
    const db = AdvisoryDatabase.open(join(dir, "a.db"), { now: () => now });
    db.import({ osv: [{ source: "osv:Go", location: "Go", full: true, records: fixtureZip("Go") }] });
    expect(db.status().lastUpdate).toBe("2026-11-01T00:00:00.000Z");
    now = new Date("2026-11-20T00:00:00Z");
    db.markChecked(["osv:Go"]);
    expect(db.status().lastUpdate).toBe("2026-11-20T00:00:00.000Z");
    expect(db.getSource("osv:Go")?.importedAt).toBe("2026-11-01T00:00:00.000Z");
    db.close();
  });

  it("refuses a database written by a newer schema with a coded error", () => {
    const dir = mkdtempSync(join(tmpdir(), "bulwark-db-"));
    const path = join(dir, "a.db");
    const db = AdvisoryDatabase.open(path);
    db.close();
    // Simulate a future version by bumping user_version directly.
    const Raw = new Database(path);
    Raw.pragma("user_version = 999");
    Raw.close();
    expect(() => AdvisoryDatabase.open(path)).toThrowError(
      expect.objectContaining({ code: "BULWARK_DB_SCHEMA_NEWER" }),
    );
  });

  it("gives a record's digest, its stored JSON text and the last update without a full status", async () => {
    const db = tempDb();
    const records = fixtureZip("PyPI");
    db.import({ osv: [{ source: "osv:PyPI", location: "PyPI", full: true, records }] });
    for (const r of records.slice(0, 25)) {
      const whole = await db.getById(r.id);
      const digest = db.getDigest(r.id);
      expect(digest?.id).toBe(r.id);
      expect(digest?.affected).toBeUndefined();
      expect(digest?.severity).toEqual(whole?.severity);
      expect(digest?.references).toEqual(whole?.references);
      expect(JSON.parse(db.getJson(r.id) ?? "null")).toEqual(whole);
    }
    expect(db.getDigest("NOPE-1")).toBeUndefined();
    expect(db.getJson("NOPE-1")).toBeUndefined();
    expect(db.lastUpdate()).toBe(db.status().lastUpdate);
    db.close();
  });

  it("migrates a database written before digests existed, even when a scan opens it read-only", () => {
    const dir = mkdtempSync(join(tmpdir(), "bulwark-db-"));
    const path = join(dir, "old.db");
    // Schema 1 exactly as an earlier Bulwark wrote it: no digest column.
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0] as string);
    raw.pragma("user_version = 1");
    const record = {
      id: "PYSEC-0000-1",
      modified: "2024-01-01T00:00:00Z",
      details: "\n  First line of the details.\nSecond line.",
      severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
      affected: [{ package: { ecosystem: "PyPI", name: "demo" }, versions: ["1.0"] }],
    };
    raw
      .prepare("INSERT INTO advisories (id, modified, modified_ms, summary, record) VALUES (?, ?, 0, NULL, ?)")
      .run(record.id, record.modified, deflateRawSync(JSON.stringify(record)));
    raw.close();

    const db = AdvisoryDatabase.open(path, { readonly: true });
    expect(db.status().schemaVersion).toBe(MIGRATIONS.length);
    expect(db.getDigest(record.id)).toEqual({
      id: record.id,
      modified: record.modified,
      summary: "First line of the details.",
      severity: record.severity,
    });
    db.close();
    // The file itself now holds the new schema.
    const check = new Database(path, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  });
});

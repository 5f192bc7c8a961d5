import { readFileSync } from "node:fs";
import { isImportProblem, parseKev, parseOsvJson, readOsvZip } from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";
import { fixturePath } from "@bulwark/core/testing";
import { importIntoKnowledgeBase, KnowledgeBase, migrateServerDb } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SharedKnowledge } from "./shared-knowledge.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const PYPI = readOsvZip(readFileSync(fixturePath("osv", "PyPI", "all.zip")), "PyPI").records;
const record = (id: string) => JSON.parse(PYPI.find((r) => r.record.id === id)?.json as string) as OsvRecord;

describe.each(testDialects())("the upload route's warm matcher on $name", (dialect) => {
  let db: TestServerDb;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    await importIntoKnowledgeBase(
      db,
      { osv: [{ source: "osv:PyPI", location: "PyPI", full: true, records: PYPI }] },
      NOW,
    );
  });
  afterEach(() => db.dispose());

  async function importChanged(rec: OsvRecord) {
    const parsed = parseOsvJson(JSON.stringify(rec), `${rec.id}.json`);
    if (isImportProblem(parsed)) throw new Error(parsed.reason);
    await importIntoKnowledgeBase(
      db,
      { osv: [{ source: "edits", location: "edits", full: false, records: [parsed] }] },
      NOW,
    );
  }
  const match = async (shared: SharedKnowledge, name: string, version: string) => {
    const { matcher } = await shared.get();
    return (await matcher.match({ ecosystem: "PyPI", name, version })).affected.map((h) => h.advisoryId);
  };

  it("stays warm across changes to other packages and drops exactly the changed ones", async () => {
    const shared = new SharedKnowledge(new KnowledgeBase(db));
    const first = await shared.get();
    expect(first.knowledge.getKev("CVE-2020-0601")).toBeUndefined();
    expect(await match(shared, "setuptools", "0.6")).toContain("PYSEC-2013-22");
    expect(await match(shared, "django", "1.0")).toContain("PYSEC-2007-1");

    // A django advisory is withdrawn: the same matcher, and setuptools untouched, django re-read.
    await importChanged({
      ...record("PYSEC-2007-1"),
      modified: "2026-12-01T00:00:00Z",
      withdrawn: "2026-12-01T00:00:00Z",
    });
    expect((await shared.get()).matcher).toBe(first.matcher);
    expect(await match(shared, "django", "1.0")).not.toContain("PYSEC-2007-1");
    expect(await match(shared, "setuptools", "0.6")).toContain("PYSEC-2013-22");

    // A new advisory for setuptools is seen by the next match.
    const added = { ...record("PYSEC-2013-22"), id: "BULWARK-TEST-1", aliases: [], modified: "2026-12-01T00:00:00Z" };
    await importChanged(added);
    expect(await match(shared, "setuptools", "0.6")).toContain("BULWARK-TEST-1");
    expect((await shared.get()).matcher).toBe(first.matcher);

    // A KEV import changes enrichment, not matching: the matcher stays, the KEV facts are new.
    const kev = parseKev(
      JSON.parse(readFileSync(fixturePath("kev", "known_exploited_vulnerabilities.json"), "utf8")),
      "kev.json",
    );
    await importIntoKnowledgeBase(db, { kev: { catalog: kev, location: "kev.json" } }, NOW);
    const after = await shared.get();
    expect(after.matcher).toBe(first.matcher);
    expect(after.knowledge.getKev("CVE-2020-0601")?.cveID).toBe("CVE-2020-0601");
  });
});

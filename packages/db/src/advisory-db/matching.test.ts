import { readFileSync } from "node:fs";
import { Matcher, readOsvZip } from "@bulwark/advisories";
import { fixturePath } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { AdvisoryDatabase } from "./database.ts";

// End to end on real records: the fixture exports imported, then real packages matched.
describe("matching real packages against the imported fixture database", () => {
  const db = AdvisoryDatabase.open(":memory:");
  db.import({
    osv: ["PyPI", "Go", "AlmaLinux", "crates.io"].map((e) => ({
      source: `osv:${e}`,
      location: e,
      full: true,
      records: readOsvZip(readFileSync(fixturePath("osv", e, "all.zip")), e).records,
    })),
  });
  const matcher = new Matcher(db);

  it("finds Django advisories for an old release and none for a version past every fix", async () => {
    const old = await matcher.match({ ecosystem: "PyPI", name: "Django", version: "3.2.0" });
    expect(old.affected.length).toBeGreaterThan(10);
    expect(old.affected.every((h) => h.advisoryId.startsWith("PYSEC-"))).toBe(true);
    const future = await matcher.match({ ecosystem: "PyPI", name: "django", version: "999.0" });
    expect(future.affected).toEqual([]);
  });

  it("matches Go modules by purl-style versions, including pseudo-versions", async () => {
    const net = await matcher.match({
      ecosystem: "Go",
      name: "golang.org/x/net",
      version: "0.0.0-20220722155237-a158d28d115b",
    });
    expect(net.affected.length).toBeGreaterThan(0);
    expect(net.affected.every((h) => h.advisoryId.startsWith("GO-"))).toBe(true);
  });

  it("matches AlmaLinux RPMs per release using the advisory's fixed EVR", async () => {
    const hits = await matcher.match({ ecosystem: "AlmaLinux:9", name: "openssl", version: "1:3.0.1-1.el9" });
    expect(hits.affected.length).toBeGreaterThan(0);
    expect(hits.affected.every((h) => h.row.ecosystem === "AlmaLinux:9")).toBe(true);
    const eight = await matcher.match({ ecosystem: "AlmaLinux:8", name: "openssl", version: "1:3.0.1-1.el9" });
    expect(eight.affected.every((h) => h.row.ecosystem === "AlmaLinux:8")).toBe(true);
  });
});

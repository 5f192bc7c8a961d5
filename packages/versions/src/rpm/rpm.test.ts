import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { checkOrdering, comparer, orderingFixtureFiles, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { rpmScheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const ALMA = join(import.meta.dirname, "../../../../../shared/data/osv/AlmaLinux/all.zip");

const cmp = comparer(rpmScheme);

describe("rpm scheme", () => {
  for (const file of orderingFixtureFiles(FIXTURES)) {
    it(`agrees with the fixture ${basename(file)}`, () => {
      expect(checkOrdering(rpmScheme, readOrderingFixture(file))).toEqual([]);
    });
  }

  it("rejects invalid strings without throwing", () => {
    const bad = ["", "-", "1.0-", "-1", ":1.0", "1:", "x:1", "1.0-1-2", "1 .0", "1.0-1 ", "1.0%{dist}", "1.0\u00e9"];
    bad.push("1".repeat(10_000), `1.${"~".repeat(300)}`, "\u0000", "1.0\n");
    for (const s of bad) expect(() => rpmScheme.parse(s), s).not.toThrow();
    for (const s of bad) expect(rpmScheme.parse(s), JSON.stringify(s)).toBeUndefined();
  });

  it("sorts ~ (pre-release) before the base version and ^ (snapshot) after it", () => {
    expect(cmp("1.0~rc1", "1.0")).toBe(-1);
    expect(cmp("1.0^git1", "1.0")).toBe(1);
    expect(cmp("1.0^git1", "1.0.1")).toBe(-1);
    expect(cmp("1.0~rc1^git1", "1.0~rc2")).toBe(-1);
  });

  it("treats separators as equivalent and numbers as greater than letters", () => {
    expect(cmp("1.0_1", "1.0.1")).toBe(0);
    expect(cmp("1.0+1", "1.0.1")).toBe(0);
    expect(cmp("1a", "1.0")).toBe(-1);
    expect(cmp("1.0a", "1.0")).toBe(1);
    expect(cmp("1.001", "1.1")).toBe(0);
  });

  it("compares epoch, then version, then release; a missing epoch is 0", () => {
    expect(cmp("1:0.1", "9.9-1")).toBe(1);
    expect(cmp("0:1.0-1", "1.0-1")).toBe(0);
    expect(cmp("1.0-1.el9_2", "1.0-1.el9_10")).toBe(-1);
    expect(cmp("5.14.0-362.8.1.el9_3", "5.14.0-362.18.1.el9_3")).toBe(-1);
  });

  it("sorts a missing release before every release (python3-rpm labelCompare)", () => {
    expect(cmp("1.0", "1.0-0")).toBe(-1);
    expect(cmp("1.0", "1.0-~1")).toBe(-1);
    expect(cmp("1.0", "0:1.0")).toBe(0);
  });

  it.skipIf(!existsSync(ALMA))("parses every version in the AlmaLinux OSV records", () => {
    const files = unzipSync(readFileSync(ALMA));
    const failed: string[] = [];
    let seen = 0;
    for (const [name, data] of Object.entries(files)) {
      if (!name.endsWith(".json")) continue;
      const rec = JSON.parse(new TextDecoder().decode(data)) as {
        affected?: { ranges?: { events?: Record<string, string>[] }[] }[];
      };
      for (const aff of rec.affected ?? [])
        for (const range of aff.ranges ?? [])
          for (const ev of range.events ?? [])
            for (const v of Object.values(ev)) {
              seen++;
              if (rpmScheme.parse(v) === undefined) failed.push(v);
            }
    }
    expect(seen).toBeGreaterThan(10_000);
    expect(failed).toEqual([]);
  });
});

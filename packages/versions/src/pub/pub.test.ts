import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, comparer, orderingFixtureFiles, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { pubScheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

const cmp = comparer(pubScheme);

describe("pub scheme", () => {
  for (const file of orderingFixtureFiles(FIXTURES)) {
    it(`agrees with the fixture ${basename(file)}`, () => {
      expect(checkOrdering(pubScheme, readOrderingFixture(file))).toEqual([]);
    });
  }

  it("rejects invalid strings without throwing", () => {
    const bad = ["", " 1.2.3", "1.2.3 ", "1.0", "1.2.3.4", "v1.2.3", "1.2.3-", "1.2.3+", "1x2x3", "1.2.3-a..b"];
    bad.push("1".repeat(10_000), `1.2.3-${"a.".repeat(200)}a`, "\u0000", "1.2.3-\u00e9", "99999999999999999999.0.0");
    for (const s of bad) expect(() => pubScheme.parse(s), s).not.toThrow();
    for (const s of bad) expect(pubScheme.parse(s), JSON.stringify(s)).toBeUndefined();
  });

  it("orders pre-releases like SemVer 2.0.0", () => {
    expect(cmp("1.0.0-alpha", "1.0.0-alpha.1")).toBe(-1);
    expect(cmp("1.0.0-alpha.1", "1.0.0-alpha.beta")).toBe(-1);
    expect(cmp("1.0.0-beta.2", "1.0.0-beta.11")).toBe(-1);
    expect(cmp("1.0.0-rc.1", "1.0.0")).toBe(-1);
  });

  it("orders build metadata too, unlike SemVer (pub_semver compareTo)", () => {
    expect(cmp("1.0.0", "1.0.0+1")).toBe(-1);
    expect(cmp("1.0.0+1", "1.0.0+2")).toBe(-1);
    expect(cmp("1.0.0+2", "1.0.0+build")).toBe(-1);
    expect(cmp("1.0.0-rc.1+build.1", "1.0.0")).toBe(-1);
  });

  it("reads numbers as Dart ints: leading zeros ignored, overflow makes a string", () => {
    expect(cmp("01.2.3", "1.2.3")).toBe(0);
    expect(cmp("1.2.3-01", "1.2.3-1")).toBe(0);
    expect(cmp("1.0.0-9223372036854775807", "1.0.0-9223372036854775808")).toBe(-1);
    expect(cmp("1.0.0-99999999999999999999", "1.0.0-A")).toBe(-1);
  });
});

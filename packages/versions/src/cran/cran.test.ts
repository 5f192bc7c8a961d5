import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, comparer, orderingFixtureFiles, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { cranScheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

const cmp = comparer(cranScheme);

describe("cran scheme", () => {
  for (const file of orderingFixtureFiles(FIXTURES)) {
    it(`agrees with the fixture ${basename(file)}`, () => {
      expect(checkOrdering(cranScheme, readOrderingFixture(file))).toEqual([]);
    });
  }

  it("rejects invalid strings without throwing", () => {
    const bad = ["", "1", " 1.0", "1.0 ", "1.0.", "1..0", "1.0a", "v1.0", "1_0", "1.-1", "1.2147483648", "1.0\n"];
    bad.push("1.".repeat(5_000), "9".repeat(300), "\u0000", "1.0\u00e9");
    for (const s of bad) expect(() => cranScheme.parse(s), s).not.toThrow();
    for (const s of bad) expect(cranScheme.parse(s), JSON.stringify(s)).toBeUndefined();
  });

  it("compares components numerically; . and - are the same separator", () => {
    expect(cmp("0.9-9", "0.9-10")).toBe(-1);
    expect(cmp("1.0-1", "1.0.1")).toBe(0);
    expect(cmp("1.01", "1.1")).toBe(0);
    expect(cmp("1.10", "1.9")).toBe(1);
  });

  it("pads the shorter version with zeros, as R's package_version operators do", () => {
    expect(cmp("1.0", "1.0.0")).toBe(0);
    expect(cmp("1.0", "1.0.0.1")).toBe(-1);
    expect(cmp("3.0.0.9000", "3.0.1")).toBe(-1);
  });
});

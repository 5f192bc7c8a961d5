import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, comparer, orderingFixtureFiles, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { hackageScheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

const cmp = comparer(hackageScheme);

describe("hackage scheme", () => {
  for (const file of orderingFixtureFiles(FIXTURES)) {
    it(`agrees with the fixture ${basename(file)}`, () => {
      expect(checkOrdering(hackageScheme, readOrderingFixture(file))).toEqual([]);
    });
  }

  it("rejects invalid strings without throwing", () => {
    const bad = ["", " 1.0", "1.0 ", "1.0-foo", "1.0.", "1..0", "01", "1.01", "1000000000", "v1", "1.a", "-1"];
    bad.push("1.".repeat(5_000), "9".repeat(300), "\u0000", "1.0\u00e9");
    for (const s of bad) expect(() => hackageScheme.parse(s), s).not.toThrow();
    for (const s of bad) expect(hackageScheme.parse(s), JSON.stringify(s)).toBeUndefined();
  });

  it("orders branches lexicographically, a prefix first (Data.Version)", () => {
    expect(cmp("1.0", "1.0.0")).toBe(-1);
    expect(cmp("1", "1.0")).toBe(-1);
    expect(cmp("1.9", "1.10")).toBe(-1);
    expect(cmp("0.10.0.1", "0.11")).toBe(-1);
    expect(cmp("9.4.8", "9.6.1")).toBe(-1);
  });

  it("accepts the largest component Cabal allows (9 digits)", () => {
    expect(hackageScheme.parse("999999999")).toEqual({ branch: [999999999] });
  });
});

import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, comparer, orderingFixtureFiles, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { dpkgScheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

const cmp = comparer(dpkgScheme);

describe("dpkg scheme", () => {
  for (const file of orderingFixtureFiles(FIXTURES)) {
    it(`agrees with the fixture ${basename(file)}`, () => {
      expect(checkOrdering(dpkgScheme, readOrderingFixture(file))).toEqual([]);
    });
  }

  it("rejects invalid strings without throwing", () => {
    const bad = ["", " ", ":1", "1:", "x:1", "1.0-", "-1", "1 0", "1.0_1", "1.0-a_b", "1:1.0-", "\u0000", "1.0\n2"];
    bad.push("1".repeat(10_000), `1.${"~".repeat(300)}`, "2147483648:1", "-1:1.0", "1.0\u00e9");
    for (const s of bad) expect(() => dpkgScheme.parse(s), s).not.toThrow();
    for (const s of bad) expect(dpkgScheme.parse(s), JSON.stringify(s)).toBeUndefined();
  });

  it("sorts ~ before everything, even the end of the string (deb-version(7))", () => {
    expect(cmp("1.0~~", "1.0~~a")).toBe(-1);
    expect(cmp("1.0~~a", "1.0~")).toBe(-1);
    expect(cmp("1.0~", "1.0")).toBe(-1);
    expect(cmp("1.0", "1.0a")).toBe(-1);
    expect(cmp("1.0~rc1", "1.0")).toBe(-1);
  });

  it("sorts letters before non-letters", () => {
    expect(cmp("1.0a", "1.0+")).toBe(-1);
    expect(cmp("1.0+dfsg", "1.0.1")).toBe(-1);
  });

  it("treats a missing revision like dpkg: equal to -0", () => {
    expect(cmp("1.0", "1.0-0")).toBe(0);
    expect(cmp("1.0", "1.0-1")).toBe(-1);
  });

  it("compares epochs numerically before anything else", () => {
    expect(cmp("1:0.1", "9.9")).toBe(1);
    expect(cmp("0:1.0", "1.0")).toBe(0);
    expect(cmp("2:0", "1:99")).toBe(1);
  });

  it("splits the revision at the last hyphen", () => {
    expect(dpkgScheme.parse("1:1.0-1-2")).toEqual({ epoch: 1, upstream: "1.0-1", revision: "2" });
    expect(cmp("1.0-2", "1.0-1-1")).toBe(-1);
  });

  it("compares arbitrarily long digit runs without overflow", () => {
    expect(cmp("1.99999999999999999999999", "1.100000000000000000000000")).toBe(-1);
    expect(cmp("1.0000000000000000000001", "1.1")).toBe(0);
  });

  it("accepts what dpkg only warns about, except invalid characters", () => {
    expect(dpkgScheme.parse("a1.0")).toBeDefined();
    expect(dpkgScheme.parse(" 1.0\t")).toEqual({ epoch: 0, upstream: "1.0", revision: "" });
    expect(dpkgScheme.parse("1.0_1")).toBeUndefined();
  });
});

import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, comparer, orderingFixtureFiles, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { normalizeComposer, packagistScheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

const cmp = comparer(packagistScheme);

describe("packagist scheme", () => {
  for (const file of orderingFixtureFiles(FIXTURES)) {
    it(`agrees with the fixture ${basename(file)}`, () => {
      expect(checkOrdering(packagistScheme, readOrderingFixture(file))).toEqual([]);
    });
  }

  it("rejects invalid strings and branches without throwing", () => {
    const bad = ["", " ", "foo", "dev-master", "DEV-main", "master", "1.0.0-foo", "~1.0", "^1.0", "1.0.*", "1.0.0.0.0"];
    bad.push("1".repeat(10_000), `1.0.0-beta${".1".repeat(200)}`, "\u0000", "1.0\u00e9", "1.0.0 || 2.0");
    for (const s of bad) expect(() => packagistScheme.parse(s), s).not.toThrow();
    for (const s of bad) expect(packagistScheme.parse(s), JSON.stringify(s)).toBeUndefined();
  });

  it("normalises like Composer's VersionParser", () => {
    expect(normalizeComposer("1.2")).toBe("1.2.0.0");
    expect(normalizeComposer("v1.0.0")).toBe("1.0.0.0");
    expect(normalizeComposer("1.0.0-b1")).toBe("1.0.0.0-beta1");
    expect(normalizeComposer("1.0.0-pl3")).toBe("1.0.0.0-patch3");
    expect(normalizeComposer("1.0.0-rc1-dev")).toBe("1.0.0.0-RC1-dev");
    expect(normalizeComposer("1.0.0+build")).toBe("1.0.0.0");
    expect(normalizeComposer("2010-01-02")).toBe("2010.01.02");
    expect(normalizeComposer("1.x-dev")).toBe("1.9999999.9999999.9999999-dev");
    expect(normalizeComposer("dev-master")).toBeUndefined();
  });

  it("orders stabilities dev < alpha < beta < RC < stable < patch", () => {
    expect(cmp("1.0.0-dev", "1.0.0-alpha1")).toBe(-1);
    expect(cmp("1.0.0-alpha2", "1.0.0-beta1")).toBe(-1);
    expect(cmp("1.0.0-beta2", "1.0.0-RC1")).toBe(-1);
    expect(cmp("1.0.0-RC1", "1.0.0")).toBe(-1);
    expect(cmp("1.0.0", "1.0.0-p1")).toBe(-1);
    expect(cmp("1.0.0-RC1-dev", "1.0.0-RC1")).toBe(-1);
  });

  it("pads to four components and ignores build metadata", () => {
    expect(cmp("1", "1.0.0.0")).toBe(0);
    expect(cmp("1.0.0+build1", "1.0.0")).toBe(0);
    expect(cmp("1.0.10", "1.0.9")).toBe(1);
    expect(cmp("1.0.x-dev", "1.0.99")).toBe(1);
  });
});

import { readdirSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { checkOrdering, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { parseSemver, semverScheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const cmp = (a: string, b: string): number => {
  const x = semverScheme.parse(a);
  const y = semverScheme.parse(b);
  if (x === undefined || y === undefined) throw new Error(`unparsable: ${a} / ${b}`);
  return Math.sign(semverScheme.compare(x, y));
};

describe("semver scheme", () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith(".txt"))) {
    it(`agrees with fixture ${file}`, () => {
      expect(checkOrdering(semverScheme, readOrderingFixture(join(FIXTURES, file)))).toEqual([]);
    });
  }

  it("orders the semver.org §11 example chain", () => {
    const chain = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
    ];
    for (let i = 1; i < chain.length; i++) expect(cmp(chain[i - 1] ?? "", chain[i] ?? "")).toBe(-1);
    expect(cmp("1.0.0", "2.0.0")).toBe(-1);
    expect(cmp("2.0.0", "2.1.0")).toBe(-1);
    expect(cmp("2.1.0", "2.1.1")).toBe(-1);
  });

  it("ignores build metadata and accepts osv.dev's leniencies", () => {
    expect(cmp("1.0.0+build.1", "1.0.0+build.2")).toBe(0);
    expect(cmp("v1.2.3", "1.2.3")).toBe(0);
    expect(cmp("1.2", "1.2.0")).toBe(0);
    expect(cmp("1", "1.0.0")).toBe(0);
    expect(cmp("1.02.3", "1.2.3")).toBe(0);
  });

  it("compares numbers beyond Number.MAX_SAFE_INTEGER exactly", () => {
    expect(cmp("9007199254740992.0.0", "9007199254740993.0.0")).toBe(-1);
    expect(cmp("1.0.0-9007199254740993", "1.0.0-9007199254740992")).toBe(1);
    expect(cmp("1.0.0-123456789012345678901234567890", "1.0.0-a")).toBe(-1);
  });

  it("exposes the parts", () => {
    expect(parseSemver("v1.2.3-rc.1+b.5")).toMatchObject({
      major: "1",
      minor: "2",
      patch: "3",
      prerelease: ["rc", "1"],
      build: ["b", "5"],
    });
  });

  it("rejects garbage and huge input without throwing", () => {
    for (const s of ["", " ", "x", "1.2.3.4", "1.2.3-", "1.0.0-a..b", "1".repeat(300), `1.0.0-${"a.".repeat(200)}a`]) {
      expect(semverScheme.parse(s)).toBeUndefined();
    }
    expect(semverScheme.parse(undefined as unknown as string)).toBeUndefined();
  });

  it("matches node-semver on everything node-semver accepts in the fixtures", () => {
    const fx = readOrderingFixture(join(FIXTURES, "ordering.txt"));
    const strict = fx.groups.flat().filter((v) => semver.valid(v) !== null);
    expect(strict.length).toBeGreaterThan(1000);
    const sample = strict.filter((_, i) => i % 4 === 0);
    const wrong: string[] = [];
    for (const a of sample) {
      for (const b of sample) if (cmp(a, b) !== Math.sign(semver.compare(a, b))) wrong.push(`${a} vs ${b}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});

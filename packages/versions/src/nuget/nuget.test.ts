import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { nugetScheme, parseNuGet } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const cmp = (a: string, b: string): number => {
  const x = nugetScheme.parse(a);
  const y = nugetScheme.parse(b);
  if (x === undefined || y === undefined) throw new Error(`unparsable: ${a} / ${b}`);
  return Math.sign(nugetScheme.compare(x, y));
};

describe("nuget scheme", () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith(".txt"))) {
    it(`agrees with fixture ${file}`, () => {
      expect(checkOrdering(nugetScheme, readOrderingFixture(join(FIXTURES, file)))).toEqual([]);
    });
  }

  it("follows the NuGet docs pre-release precedence example", () => {
    const chain = [
      "1.0.1-aaa",
      "1.0.1-alpha10",
      "1.0.1-alpha2",
      "1.0.1-beta",
      "1.0.1-open",
      "1.0.1-rc",
      "1.0.1-zzz",
      "1.0.1",
    ];
    for (let i = 1; i < chain.length; i++) expect(cmp(chain[i - 1] ?? "", chain[i] ?? "")).toBe(-1);
  });

  it("normalizes numbers as the NuGet docs describe", () => {
    expect(cmp("1.00", "1.0.0")).toBe(0);
    expect(cmp("1.01.1", "1.1.1")).toBe(0);
    expect(cmp("1.00.0.1", "1.0.0.1")).toBe(0);
    expect(cmp("1.0.0.0", "1.0.0")).toBe(0);
    expect(cmp("1", "1.0.0")).toBe(0);
    expect(cmp("1.0.0.1", "1.0.0")).toBe(1);
    expect(cmp("1.0.0+build.1", "1.0.0")).toBe(0);
  });

  it("compares labels like VersionComparer.CompareRelease", () => {
    expect(cmp("1.0.0-BETA", "1.0.0-beta")).toBe(0);
    expect(cmp("1.0.0-beta.2", "1.0.0-beta.11")).toBe(-1);
    expect(cmp("1.0.0-2147483647", "1.0.0-a")).toBe(-1);
    expect(cmp("1.0.0-2147483648", "1.0.0-3")).toBe(1);
    expect(cmp("1.0.0--1", "1.0.0-0")).toBe(-1);
    expect(parseNuGet(" 1.2.3.4-rc.1+sha ")).toMatchObject({
      parts: [1, 2, 3, 4],
      labels: ["rc", "1"],
      metadata: "sha",
    });
  });

  it("rejects a v prefix, garbage and huge input without throwing", () => {
    for (const s of ["", "v1.0.0", "1.0.0.0.0", "1.0.0-01", "2147483648.0", "1.0.0-", "x", "1".repeat(300)]) {
      expect(nugetScheme.parse(s)).toBeUndefined();
    }
    expect(nugetScheme.parse(undefined as unknown as string)).toBeUndefined();
  });
});

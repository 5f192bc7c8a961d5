import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { parseGem, rubygemsScheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const cmp = (a: string, b: string): number => {
  const x = rubygemsScheme.parse(a);
  const y = rubygemsScheme.parse(b);
  if (x === undefined || y === undefined) throw new Error(`unparsable: ${a} / ${b}`);
  return Math.sign(rubygemsScheme.compare(x, y));
};

describe("rubygems scheme", () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith(".txt"))) {
    it(`agrees with fixture ${file}`, () => {
      expect(checkOrdering(rubygemsScheme, readOrderingFixture(join(FIXTURES, file)))).toEqual([]);
    });
  }

  it("follows the Gem::Version documentation", () => {
    // "1.0.a" < "1.0.b1" < "1.0" and the Gem::Version#<=> examples.
    expect(cmp("1.0.a", "1.0.b1")).toBe(-1);
    expect(cmp("1.0.b1", "1.0")).toBe(-1);
    expect(cmp("1.0.a", "1.0")).toBe(-1);
    expect(cmp("1.0", "1.0.0")).toBe(0);
    expect(cmp("1.0.a.2", "0.9")).toBe(1);
    expect(cmp("1.0.a10", "1.0.a9")).toBe(1);
    expect(cmp("5.2.4.rc1", "5.2.4")).toBe(-1);
  });

  it("reads '-' as a prerelease and drops zeros before letters", () => {
    expect(cmp("1.0-1", "1.0.pre.1")).toBe(0);
    expect(cmp("1.0-1", "1.0")).toBe(-1);
    expect(cmp("1.0.0.a", "1.a")).toBe(0);
    expect(cmp("1.a.0", "1.a")).toBe(0);
    expect(cmp("1.0a1", "1.0.a.1")).toBe(0);
    expect(cmp("1.0.A", "1.0.a")).toBe(-1);
    expect(parseGem("1.0.rc1")?.prerelease).toBe(true);
    expect(parseGem("1.0")?.prerelease).toBe(false);
  });

  it("trims Ruby whitespace and compares long numbers exactly", () => {
    expect(cmp(" 1.0\n", "1")).toBe(0);
    expect(cmp("9007199254740993", "9007199254740992")).toBe(1);
  });

  it("rejects garbage, blank and huge input without throwing", () => {
    for (const s of ["", "   ", "a", "1..0", "1.0-", "-1", "1.0 1", "1.0\u0000", "1.0_1", "1".repeat(300)]) {
      expect(rubygemsScheme.parse(s)).toBeUndefined();
    }
    expect(rubygemsScheme.parse(undefined as unknown as string)).toBeUndefined();
  });
});

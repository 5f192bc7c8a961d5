import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { mavenCanonical, mavenScheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const cmp = (a: string, b: string): number => {
  const x = mavenScheme.parse(a);
  const y = mavenScheme.parse(b);
  if (x === undefined || y === undefined) throw new Error(`unparsable: ${a} / ${b}`);
  return Math.sign(mavenScheme.compare(x, y));
};
const canon = (s: string): string | undefined => {
  const v = mavenScheme.parse(s);
  return v === undefined ? undefined : mavenCanonical(v);
};

describe("maven scheme", () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith(".txt"))) {
    it(`agrees with fixture ${file}`, () => {
      expect(checkOrdering(mavenScheme, readOrderingFixture(join(FIXTURES, file)))).toEqual([]);
    });
  }

  it("follows the POM reference version order examples", () => {
    // https://maven.apache.org/pom.html#version-order-specification
    expect(cmp("1", "1.1")).toBe(-1);
    expect(cmp("1-snapshot", "1")).toBe(-1);
    expect(cmp("1", "1-sp")).toBe(-1);
    expect(cmp("1-foo2", "1-foo10")).toBe(-1);
    expect(cmp("1.foo", "1-foo")).toBe(0);
    expect(cmp("1-foo", "1-1")).toBe(-1);
    expect(cmp("1-1", "1.1")).toBe(-1);
    expect(cmp("1.ga", "1-ga")).toBe(0);
    expect(cmp("1-ga", "1-0")).toBe(0);
    expect(cmp("1-0", "1.0")).toBe(0);
    expect(cmp("1.0", "1")).toBe(0);
    expect(cmp("1-sp", "1-ga")).toBe(1);
    expect(cmp("1-sp.1", "1-ga.1")).toBe(1);
    expect(cmp("1-sp-1", "1-ga-1")).toBe(-1);
    expect(cmp("1-a1", "1-alpha-1")).toBe(0);
    expect(cmp("1.0.0.RC1", "1.0.0-rc-1")).toBe(0);
    expect(cmp("1.0-RC1", "1.0-cr1")).toBe(0);
    expect(cmp("1.0-alpha1", "1.0-beta1")).toBe(-1);
    expect(cmp("1.0-m1", "1.0-rc1")).toBe(-1);
    expect(cmp("1.0-SNAPSHOT", "1.0-rc1")).toBe(1);
    expect(cmp("1.0-xyz", "1.0-sp")).toBe(1);
  });

  it("prints ComparableVersion's canonical form", () => {
    expect(canon("1.0-alpha1")).toBe("1-alpha-1");
    expect(canon("1.0.0.rc1")).toBe("1-rc-1");
    expect(canon("1.ga")).toBe("1");
    expect(canon("1-0.1")).toBe("1-0.1");
    expect(canon("33.0.0-JRE")).toBe("33-jre");
  });

  it("compares long numbers exactly", () => {
    expect(cmp("1.9999999999999999999999", "1.10000000000000000000000")).toBe(-1);
    expect(cmp("1.0000000000000000000001", "1.1")).toBe(0);
  });

  it("refuses empty, whitespace, non-ASCII and huge input without throwing", () => {
    for (const s of ["", " ", "1.0 beta", "1.0-é", "\u0000", "1".repeat(300)]) {
      expect(mavenScheme.parse(s)).toBeUndefined();
    }
    expect(mavenScheme.parse(undefined as unknown as string)).toBeUndefined();
    for (const s of ["-", ".", "--..--", "a", "!!", `${"1.".repeat(120)}x`]) {
      expect(() => mavenScheme.parse(s)).not.toThrow();
    }
  });
});

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { goScheme, goToolchainToSemver } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const cmp = (a: string, b: string): number => {
  const x = goScheme.parse(a);
  const y = goScheme.parse(b);
  if (x === undefined || y === undefined) throw new Error(`unparsable: ${a} / ${b}`);
  return Math.sign(goScheme.compare(x, y));
};

describe("go scheme", () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith(".txt"))) {
    it(`agrees with fixture ${file}`, () => {
      expect(checkOrdering(goScheme, readOrderingFixture(join(FIXTURES, file)))).toEqual([]);
    });
  }

  it("orders pseudo-versions as prereleases around their base (go.dev/ref/mod#pseudo-versions)", () => {
    expect(cmp("v0.0.0-20191109021931-daa7c04131f5", "v0.0.0")).toBe(-1);
    expect(cmp("v1.2.3-pre", "v1.2.3-pre.0.20191109021931-daa7c04131f5")).toBe(-1);
    expect(cmp("v1.2.3-pre.0.20191109021931-daa7c04131f5", "v1.2.3")).toBe(-1);
    expect(cmp("v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5")).toBe(-1);
    expect(cmp("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4")).toBe(-1);
  });

  it("accepts shorthands, a missing v and +incompatible", () => {
    expect(cmp("v1", "v1.0.0")).toBe(0);
    expect(cmp("v1.2", "1.2.0")).toBe(0);
    expect(cmp("v2.0.0+incompatible", "v2.0.0")).toBe(0);
    expect(cmp("0", "0.0.0-20191109021931-daa7c04131f5")).toBe(1);
  });

  it("reads toolchain tags as OSV spells them", () => {
    expect(goToolchainToSemver("go1.21rc2")).toBe("1.21.0-rc.2");
    expect(goToolchainToSemver("go1.9")).toBe("1.9.0");
    expect(goToolchainToSemver("go1.9beta1")).toBe("1.9.0-beta.1");
    expect(goToolchainToSemver("go1.21.0")).toBe("1.21.0");
    expect(goToolchainToSemver("go1")).toBe("1.0.0");
    expect(goToolchainToSemver("go1.21.0rc1")).toBeUndefined();
    expect(goToolchainToSemver("1.21.0")).toBeUndefined();
    expect(cmp("go1.21rc2", "1.21.0-rc.2")).toBe(0);
    expect(cmp("go1.21rc2", "go1.21.0")).toBe(-1);
    expect(cmp("go1.20.14", "go1.21rc1")).toBe(-1);
  });

  it("rejects what x/mod/semver rejects", () => {
    for (const s of ["v1.2-pre", "v1+meta", "v01.2.3", "v1.2.3-01", "V1.2.3", "v1.2.3.4"]) {
      expect(goScheme.parse(s)).toBeUndefined();
    }
  });

  it("rejects garbage and huge input without throwing", () => {
    for (const s of ["", " ", "x", "go", "v".repeat(300), `v1.0.0-${"a.".repeat(200)}a`, "1".repeat(257)]) {
      expect(goScheme.parse(s)).toBeUndefined();
    }
    expect(goScheme.parse(null as unknown as string)).toBeUndefined();
    expect(goToolchainToSemver(42 as unknown as string)).toBeUndefined();
  });
});

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { parsePep440, pep440Scheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const OSV_PYPI = "/work/shared/data/osv/PyPI/all.zip";
const cmp = (a: string, b: string): number => {
  const x = pep440Scheme.parse(a);
  const y = pep440Scheme.parse(b);
  if (x === undefined || y === undefined) throw new Error(`unparsable: ${a} / ${b}`);
  return Math.sign(pep440Scheme.compare(x, y));
};

describe("pep440 scheme", () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith(".txt"))) {
    it(`agrees with fixture ${file}`, () => {
      expect(checkOrdering(pep440Scheme, readOrderingFixture(join(FIXTURES, file)))).toEqual([]);
    });
  }

  it("orders the PEP 440 summary example chain", () => {
    const chain = [
      "1.dev0",
      "1.0.dev456",
      "1.0a1",
      "1.0a2.dev456",
      "1.0a12.dev456",
      "1.0a12",
      "1.0b1.dev456",
      "1.0b2",
      "1.0b2.post345.dev456",
      "1.0b2.post345",
      "1.0rc1.dev456",
      "1.0rc1",
      "1.0",
      "1.0+abc.5",
      "1.0+abc.7",
      "1.0+5",
      "1.0.post456.dev34",
      "1.0.post456",
      "1.0.15",
      "1.1.dev1",
    ];
    for (let i = 1; i < chain.length; i++) {
      const a = chain[i - 1] ?? "";
      const b = chain[i] ?? "";
      expect(cmp(a, b), `${a} < ${b}`).toBe(-1);
    }
  });

  it("normalizes alternate spellings", () => {
    expect(parsePep440(" V1.0-ALPHA-1 ")?.normalized).toBe("1.0a1");
    expect(parsePep440("1.0-1")?.normalized).toBe("1.0.post1");
    expect(parsePep440("1.0.rev")?.normalized).toBe("1.0.post0");
    expect(parsePep440("1!2.0preview3-dev")?.normalized).toBe("1!2.0rc3.dev0");
    expect(parsePep440("1.0+Ubuntu-01_a")?.normalized).toBe("1.0+ubuntu.1.a");
    expect(cmp("1.0", "1.0.0.0")).toBe(0);
    expect(cmp("1.0+01", "1.0+1")).toBe(0);
    expect(cmp("1!0.1", "2.0")).toBe(1);
    expect(cmp("1.0+a", "1.0+1")).toBe(-1);
    expect(cmp("1.0+1", "1.0+1.a")).toBe(-1);
    expect(parsePep440("1.0a1")?.isPrerelease).toBe(true);
    expect(parsePep440("1.0.post1")?.isPrerelease).toBe(false);
  });

  it("compares numbers beyond Number.MAX_SAFE_INTEGER exactly", () => {
    expect(cmp("9007199254740992", "9007199254740993")).toBe(-1);
    expect(cmp("1.0a9007199254740993", "1.0a9007199254740992")).toBe(1);
  });

  it("rejects legacy versions, garbage and huge input without throwing", () => {
    for (const s of ["", "french toast", "1.0-SNAPSHOT", "1..0", "1.0+", "1.0.dev1.post1", "\ufeff1.0", "1.0poſt1"]) {
      expect(pep440Scheme.parse(s)).toBeUndefined();
    }
    expect(pep440Scheme.parse("1".repeat(300))).toBeUndefined();
    expect(pep440Scheme.parse(`1.0+${"a.".repeat(150)}a`)).toBeUndefined();
    expect(pep440Scheme.parse(undefined as unknown as string)).toBeUndefined();
  });

  it.skipIf(!existsSync(OSV_PYPI))("parses real PyPI versions from OSV and sorts them consistently", async () => {
    const { unzipSync, strFromU8 } = await import("fflate");
    const { readFileSync } = await import("node:fs");
    const files = unzipSync(readFileSync(OSV_PYPI));
    const versions = new Set<string>();
    for (const data of Object.values(files)) {
      const rec = JSON.parse(strFromU8(data)) as { affected?: { versions?: string[] }[] };
      for (const a of rec.affected ?? []) for (const v of a.versions ?? []) versions.add(v);
    }
    const parsed = [...versions].map((v) => pep440Scheme.parse(v)).filter((p) => p !== undefined);
    expect(parsed.length / versions.size).toBeGreaterThan(0.95);
    const sorted = [...parsed].sort(pep440Scheme.compare);
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1];
      const b = sorted[i];
      if (a !== undefined && b !== undefined) expect(pep440Scheme.compare(b, a)).toBeGreaterThanOrEqual(0);
    }
  });
});

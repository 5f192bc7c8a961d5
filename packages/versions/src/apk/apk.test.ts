import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOrdering, comparer, orderingFixtureFiles, readOrderingFixture } from "../shared/ordering-fixture.ts";
import { apkScheme } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

const cmp = comparer(apkScheme);

describe("apk scheme", () => {
  for (const file of orderingFixtureFiles(FIXTURES)) {
    it(`agrees with the fixture ${basename(file)}`, () => {
      expect(checkOrdering(apkScheme, readOrderingFixture(file))).toEqual([]);
    });
  }

  it("agrees with every case of apk-tools' own test/unit/version.data", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const line of readFileSync(join(FIXTURES, "apk-tools-version.data"), "utf8").split("\n")) {
      if (line.trim() === "" || line.startsWith("#")) continue;
      checked++;
      if (line.startsWith("!")) {
        if (apkScheme.parse(line.slice(1)) !== undefined) problems.push(`valid: ${line}`);
        continue;
      }
      const m = /^(\S+) ([<=>]) (\S+)$/.exec(line);
      if (m === null) {
        if (apkScheme.parse(line) === undefined) problems.push(`invalid: ${line}`);
        continue;
      }
      const expected = m[2] === "<" ? -1 : m[2] === ">" ? 1 : 0;
      if (cmp(m[1] ?? "", m[3] ?? "") !== expected) problems.push(line);
    }
    expect(checked).toBeGreaterThan(700);
    expect(problems).toEqual([]);
  });

  it("rejects invalid strings without throwing", () => {
    const bad = ["", " ", "a", "v1.0", "1.0-1", "1.0-r", "1.0_foo", "1.0_RC1", "1.0A", "1.0bc", "1.0-r1 ", "1..0"];
    bad.push("1".repeat(10_000), `1.0${"_p".repeat(200)}`, "\u0000", "1.0~", "1.0~XYZ", "1.0\u00e9");
    for (const s of bad) expect(() => apkScheme.parse(s), s).not.toThrow();
    for (const s of bad) expect(apkScheme.parse(s), JSON.stringify(s)).toBeUndefined();
  });

  it("orders pre-release suffixes before the release and post-release suffixes after", () => {
    expect(cmp("1.0_alpha", "1.0_beta")).toBe(-1);
    expect(cmp("1.0_beta", "1.0_pre")).toBe(-1);
    expect(cmp("1.0_pre", "1.0_rc")).toBe(-1);
    expect(cmp("1.0_rc", "1.0")).toBe(-1);
    expect(cmp("1.0", "1.0_cvs")).toBe(-1);
    expect(cmp("1.0_cvs", "1.0_svn")).toBe(-1);
    expect(cmp("1.0_git", "1.0_hg")).toBe(-1);
    expect(cmp("1.0_hg", "1.0_p")).toBe(-1);
    expect(cmp("1.0_p1", "1.0.1")).toBe(-1);
  });

  it("orders revisions and a letter after the digits", () => {
    expect(cmp("1.0-r0", "1.0")).toBe(1);
    expect(cmp("1.0-r9", "1.0-r10")).toBe(-1);
    expect(cmp("1.1.1t-r0", "1.1.1u-r0")).toBe(-1);
    expect(cmp("1.0a", "1.0.1")).toBe(-1);
  });

  it("compares digits with a leading zero as text (Gentoo rule) and ~hash as text", () => {
    expect(cmp("8.2.0", "8.2.001")).toBe(-1);
    expect(cmp("8.2.0015", "8.2.002")).toBe(-1);
    expect(cmp("1.0~1234-r1", "1.0~2345-r0")).toBe(-1);
  });
});

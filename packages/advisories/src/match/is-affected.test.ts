import type { OsvAffected } from "@bulwark/core";
import { schemeForEcosystem } from "@bulwark/versions";
import { describe, expect, it } from "vitest";
import { isAffected } from "./is-affected.ts";

const semverRange = (...events: Record<string, string>[]): OsvAffected => ({
  package: { ecosystem: "npm", name: "x" },
  ranges: [{ type: "SEMVER", events }],
});
const npm = schemeForEcosystem("npm");
const pypi = schemeForEcosystem("PyPI");
const status = (v: string, a: OsvAffected, s = npm) => isAffected(v, a, s).status;

function deepFreeze<T>(x: T): T {
  if (typeof x === "object" && x !== null) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

describe("isAffected: OSV schema examples", () => {
  it("introduced 0 with no end affects every version", () => {
    const a = semverRange({ introduced: "0" });
    expect(status("0.0.0", a)).toBe("affected");
    expect(status("0.0.0-alpha", a)).toBe("affected");
    expect(status("999.0.0", a)).toBe("affected");
  });

  it("fixed is exclusive", () => {
    const a = semverRange({ introduced: "0" }, { fixed: "1.0.2" });
    expect(status("1.0.1", a)).toBe("affected");
    expect(status("1.0.2-rc.1", a)).toBe("affected");
    expect(status("1.0.2", a)).toBe("not-affected");
    expect(status("1.0.3", a)).toBe("not-affected");
  });

  it("multiple introduced/fixed pairs in one range", () => {
    const a = semverRange({ introduced: "1.0.0" }, { fixed: "1.0.2" }, { introduced: "3.0.0" }, { fixed: "3.2.5" });
    expect(status("0.9.0", a)).toBe("not-affected");
    expect(status("1.0.0", a)).toBe("affected");
    expect(status("1.0.2", a)).toBe("not-affected");
    expect(status("2.5.0", a)).toBe("not-affected");
    expect(status("3.2.4", a)).toBe("affected");
    expect(status("3.2.5", a)).toBe("not-affected");
  });

  it("last_affected is inclusive (not off by one)", () => {
    const a = semverRange({ introduced: "0" }, { last_affected: "2.1.214" });
    expect(status("2.1.214", a)).toBe("affected");
    expect(status("2.1.215", a)).toBe("not-affected");
    expect(status("2.1.214-rc.1", a)).toBe("affected");
  });

  it("limit events bound the range; * is infinity", () => {
    const a = semverRange({ introduced: "1.0.0" }, { limit: "2.0.0" });
    expect(status("1.5.0", a)).toBe("affected");
    expect(status("2.0.0", a)).toBe("not-affected");
    expect(status("3.0.0", a)).toBe("not-affected");
    const star = semverRange({ introduced: "1.0.0" }, { limit: "*" });
    expect(status("9.0.0", star)).toBe("affected");
    const two = semverRange({ introduced: "1.0.0" }, { limit: "1.5.0" }, { limit: "3.0.0" });
    expect(status("2.0.0", two)).toBe("affected");
  });

  it("events need not be sorted in the record", () => {
    const a = semverRange({ fixed: "3.2.5" }, { introduced: "3.0.0" }, { fixed: "1.0.2" }, { introduced: "1.0.0" });
    expect(status("1.0.1", a)).toBe("affected");
    expect(status("2.0.0", a)).toBe("not-affected");
    expect(status("3.1.0", a)).toBe("affected");
  });

  it("never mutates its input", () => {
    const a = deepFreeze(semverRange({ fixed: "2.0.0" }, { introduced: "1.0.0" }));
    expect(() => isAffected("1.5.0", a, npm)).not.toThrow();
    expect(a.ranges?.[0]?.events[0]).toEqual({ fixed: "2.0.0" });
  });
});

describe("isAffected: ranges and lists together", () => {
  it("evaluates every range: a GIT range is skipped, never a reason to stop", () => {
    const a: OsvAffected = {
      package: { ecosystem: "PyPI", name: "x" },
      ranges: [
        { type: "GIT", repo: "https://example.org/x", events: [{ introduced: "0" }, { fixed: "abc" }] },
        { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.2" }] },
      ],
    };
    expect(status("1.1", a, pypi)).toBe("affected");
    expect(status("1.2", a, pypi)).toBe("not-affected");
  });

  it("the versions list counts even when no range matches, with scheme equality", () => {
    const a: OsvAffected = { package: { ecosystem: "PyPI", name: "x" }, versions: ["1.0", "2.0rc1"] };
    expect(isAffected("1.0", a, pypi)).toEqual({ status: "affected", by: "versions" });
    expect(status("1.0.0", a, pypi)).toBe("affected");
    expect(status("2.0.0rc1", a, pypi)).toBe("affected");
    expect(status("1.1", a, pypi)).toBe("not-affected");
  });

  it("GIT-only entries without a versions list are undetermined, with the reason", () => {
    const a: OsvAffected = {
      package: { ecosystem: "OSS-Fuzz", name: "x" },
      ranges: [{ type: "GIT", repo: "https://example.org/x", events: [{ introduced: "abc" }] }],
    };
    const v = isAffected("1.0", a, undefined);
    expect(v.status).toBe("undetermined");
    expect(v.status === "undetermined" && v.reason).toMatch(/GIT/);
  });

  it("an unparsable version is undetermined, not a crash and not a silent miss", () => {
    const v = isAffected("not a version!", semverRange({ introduced: "0" }, { fixed: "1.0.0" }), npm);
    expect(v.status).toBe("undetermined");
  });

  it("an unparsable event makes its range undetermined unless another range matches", () => {
    const a: OsvAffected = {
      package: { ecosystem: "npm", name: "x" },
      ranges: [
        { type: "SEMVER", events: [{ introduced: "0" }, { fixed: "garbage!!" }] },
        { type: "SEMVER", events: [{ introduced: "2.0.0" }, { fixed: "2.1.0" }] },
      ],
    };
    expect(status("2.0.5", a)).toBe("affected");
    expect(status("1.0.0", a)).toBe("undetermined");
  });

  it("an unknown range type or a missing scheme is undetermined", () => {
    const weird: OsvAffected = { ranges: [{ type: "DATE", events: [{ introduced: "0" }] }] };
    expect(status("1.0.0", weird)).toBe("undetermined");
    const eco: OsvAffected = {
      package: { ecosystem: "Android", name: "x" },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }],
    };
    expect(isAffected("1", eco, undefined).status).toBe("undetermined");
  });

  it("SEMVER ranges use SemVer 2.0 prerelease ordering", () => {
    const a = semverRange({ introduced: "1.0.0-alpha" }, { fixed: "1.0.0" });
    expect(status("1.0.0-alpha.1", a)).toBe("affected");
    expect(status("1.0.0-rc.1", a)).toBe("affected");
    expect(status("0.9.9", a)).toBe("not-affected");
  });

  it("ECOSYSTEM ranges use the ecosystem's ordering (PEP 440 pre/post/dev)", () => {
    const a: OsvAffected = {
      package: { ecosystem: "PyPI", name: "x" },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.0" }] }],
    };
    expect(status("2.0rc1", a, pypi)).toBe("affected");
    expect(status("2.0.dev1", a, pypi)).toBe("affected");
    expect(status("2.0.post1", a, pypi)).toBe("not-affected");
    expect(status("1!0.1", a, pypi)).toBe("not-affected");
  });
});

import { describe, expect, it } from "vitest";
import { intervalsOf, isWebUrl, parseOsvRecord } from "./osv.ts";

describe("parseOsvRecord", () => {
  it("keeps the fields of a well-formed record", () => {
    const r = parseOsvRecord(
      {
        id: "GO-2022-0535",
        summary: "Certificate validation bypass",
        aliases: ["CVE-2020-0601"],
        modified: "2024-05-20T16:03:47Z",
        severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
        affected: [
          {
            package: { ecosystem: "Go", name: "stdlib" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.12.16" }] }],
            ecosystem_specific: { imports: [{ path: "crypto/x509" }] },
          },
        ],
        references: [{ type: "FIX", url: "https://go.dev/cl/215905" }],
        credits: [{ name: "Someone", contact: ["https://example.org"] }],
        database_specific: { url: "https://pkg.go.dev/vuln/GO-2022-0535" },
      },
      "fallback",
    );
    expect(r.id).toBe("GO-2022-0535");
    expect(r.aliases).toEqual(["CVE-2020-0601"]);
    expect(r.severity).toEqual([{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }]);
    expect(r.affected[0]).toMatchObject({ ecosystem: "Go", name: "stdlib", versions: [] });
    expect(r.affected[0]?.ranges[0]?.events).toEqual([
      { kind: "introduced", value: "0" },
      { kind: "fixed", value: "1.12.16" },
    ]);
    expect(r.affected[0]?.ecosystemSpecific).toEqual({ imports: [{ path: "crypto/x509" }] });
    expect(r.references).toEqual([{ type: "FIX", url: "https://go.dev/cl/215905" }]);
    expect(r.credits).toEqual([{ name: "Someone", contact: ["https://example.org"] }]);
    expect(r.databaseSpecific).toEqual({ url: "https://pkg.go.dev/vuln/GO-2022-0535" });
  });

  it("leaves out malformed fields instead of failing", () => {
    const r = parseOsvRecord(
      { aliases: "CVE-1", severity: [{ type: 3 }], affected: [null, { ranges: "x" }], references: [{}], credits: [1] },
      "X-1",
    );
    expect(r).toMatchObject({ id: "X-1", aliases: [], severity: [], references: [], credits: [] });
    expect(r.affected).toEqual([{ severity: [], ranges: [], versions: [] }]);
    expect(parseOsvRecord("not an object", "Y-2")).toMatchObject({ id: "Y-2", affected: [] });
  });
});

describe("intervalsOf", () => {
  it("pairs each introduced with the end that follows it", () => {
    const events = [
      { kind: "introduced", value: "0" },
      { kind: "fixed", value: "1.2" },
      { kind: "introduced", value: "2.0" },
      { kind: "last_affected", value: "2.3" },
      { kind: "introduced", value: "3.0" },
    ] as const;
    expect(intervalsOf({ type: "ECOSYSTEM", events })).toEqual([
      { introduced: "0", fixed: "1.2" },
      { introduced: "2.0", lastAffected: "2.3" },
      { introduced: "3.0" },
    ]);
  });

  it("gives an end without a start its own row", () => {
    expect(intervalsOf({ type: "GIT", events: [{ kind: "limit", value: "abc" }] })).toEqual([{ limit: "abc" }]);
  });
});

describe("isWebUrl", () => {
  it("accepts http and https only", () => {
    expect(isWebUrl("https://example.org/a")).toBe(true);
    expect(isWebUrl("http://example.org")).toBe(true);
    expect(isWebUrl("javascript:alert(1)")).toBe(false);
    expect(isWebUrl("data:text/html,hi")).toBe(false);
    expect(isWebUrl("not a url")).toBe(false);
  });
});

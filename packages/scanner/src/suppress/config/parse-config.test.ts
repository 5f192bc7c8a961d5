import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath } from "../vex/testing.ts";
import { parseConfig } from "./parse-config.ts";

const fixture = fixturePath("config/bulwark.yaml");
const now = new Date("2024-06-01T12:00:00Z");
const parse = (text: string, at = now) => parseConfig("bulwark.yaml", text, { now: at });

describe("parseConfig on the documented example", () => {
  const config = parseConfig(fixture, readFileSync(fixture, "utf8"), { now });

  it("reads every section", () => {
    expect(config.ignore).toEqual([
      {
        id: "CVE-2021-23337",
        reason: "lodash.template is never called with user input",
        expires: "2099-12-31",
        expired: false,
        index: 0,
      },
      {
        id: "GHSA-jfh8-c2jp-5v3q",
        reason: "log4j-core is only used by the offline report generator",
        expired: false,
        index: 1,
      },
      {
        id: "CVE-2020-8203",
        reason: "accepted until the next release",
        expires: "2024-01-31",
        expired: true,
        index: 2,
      },
    ]);
    expect(config.packages).toEqual([
      { ecosystem: "npm", name: "left-pad", ignore: true, reason: "vendored copy, reviewed", expired: false, index: 0 },
      {
        ecosystem: "Debian",
        name: "openssl",
        version: "3.0.11-1~deb12u2",
        ignore: true,
        reason: "not reachable in the container's entrypoint",
        expired: false,
        index: 1,
      },
      { name: "Django", ignore: false, reason: "reminder only", expired: false, index: 2 },
    ]);
    expect(config.exclude).toEqual(["test/fixtures/**", "**/examples/**"]);
    expect(config).toMatchObject({ failOn: "high", mission: "medium", exposed: true, path: fixture });
    expect(config.vex).toEqual([resolve(dirname(fixture), "../openvex/handmade-subcomponents.openvex.json")]);
  });

  it("warns about expired rules and overrides without effect, with their lines", () => {
    expect(config.warnings).toEqual([
      {
        message: `${fixture}: ignore[2] (CVE-2020-8203) expired on 2024-01-31 and no longer suppresses`,
        pointer: "ignore[2]",
        line: 8,
      },
      {
        message: `${fixture}: packages[2] (Django) has no effect: set ignore: true to suppress its findings`,
        pointer: "packages[2]",
        line: 21,
      },
    ]);
  });
});

describe("expiry", () => {
  const text = "ignore:\n  - id: CVE-1\n    reason: r\n    expires: 2024-01-31\n";
  it("holds through the whole expiry day (UTC) and ends at the next midnight", () => {
    expect(parse(text, new Date("2024-01-31T23:59:59.999Z")).ignore[0]!.expired).toBe(false);
    expect(parse(text, new Date("2024-02-01T00:00:00Z")).ignore[0]!.expired).toBe(true);
    expect(parse(text, new Date("2024-02-01T00:00:00Z")).warnings).toHaveLength(1);
  });
});

describe("validation", () => {
  it("accepts an empty file and a file of comments", () => {
    expect(parse("")).toEqual({ path: "bulwark.yaml", ignore: [], packages: [], exclude: [], vex: [], warnings: [] });
    expect(parse("# nothing yet\n").ignore).toEqual([]);
  });

  it.each([
    [
      "ignore:\n  - {id: A, reason: r}\n  - {id: B, reason: r}\n  - {id: C, reason: r, expires: next week}\n",
      "bulwark.yaml: ignore[2].expires: expected a date YYYY-MM-DD",
      4,
    ],
    [
      "ignore:\n  - id: A\n    reason: r\n    expires: 2024-02-30\n",
      "bulwark.yaml: ignore[0].expires: expected a date YYYY-MM-DD",
      4,
    ],
    ["ignore:\n  - id: A\n", "bulwark.yaml: ignore[0].reason: is required (expected a non-empty string)", undefined],
    ["ignore:\n  - id: A\n    reason: '  '\n", "bulwark.yaml: ignore[0].reason: expected a non-empty string", 3],
    [
      "ignore:\n  - id: A\n    reason: r\n    until: 2024-01-01\n",
      "bulwark.yaml: ignore[0].until: unknown key (expected one of id, reason, expires)",
      4,
    ],
    ["ignore: CVE-1\n", 'bulwark.yaml: ignore: expected a list, got the string "CVE-1"', 1],
    ["ignore:\n  - CVE-1\n", 'bulwark.yaml: ignore[0]: expected a mapping, got the string "CVE-1"', 2],
    [
      "packages:\n  - name: a\n    version: 1.10\n    reason: r\n",
      "bulwark.yaml: packages[0].version: expected a string, got number 1.1 (quote it)",
      3,
    ],
    [
      "packages:\n  - name: a\n    ignore: yes\n    reason: r\n",
      'bulwark.yaml: packages[0].ignore: expected true or false, got the string "yes"',
      3,
    ],
    [
      "packages:\n  - reason: r\n",
      "bulwark.yaml: packages[0].name: is required (expected a non-empty string)",
      undefined,
    ],
    ["exclude:\n  - 3\n", "bulwark.yaml: exclude[0]: expected a string, got number 3 (quote it)", 2],
    [
      "failOn: severe\n",
      'bulwark.yaml: failOn: expected one of low, medium, high, critical, kev, ssvc:attend, ssvc:act, got "severe"',
      1,
    ],
    ["mission: extreme\n", 'bulwark.yaml: mission: expected one of low, medium, high, got "extreme"', 1],
    ["exposed: 1\n", "bulwark.yaml: exposed: expected true or false, got number 1", 1],
    [
      "ignores: []\n",
      "bulwark.yaml: ignores: unknown key (expected one of ignore, packages, exclude, failOn, mission, exposed, vex)",
      1,
    ],
  ])("rejects %j", (text, message, line) => {
    expect(() => parse(text)).toThrowError(
      expect.objectContaining({
        code: "BULWARK_CONFIG_INVALID",
        message,
        details: expect.objectContaining(line === undefined ? {} : { line }),
      }),
    );
  });

  it("rejects bad YAML, duplicate keys and a top level that is not a mapping", () => {
    expect(() => parse("ignore: [\n")).toThrowError(
      expect.objectContaining({
        code: "BULWARK_CONFIG_INVALID",
        message: expect.stringMatching(/^bulwark\.yaml: not valid YAML: /),
      }),
    );
    expect(() => parse("failOn: high\nfailOn: low\n")).toThrowError(
      /^bulwark\.yaml: not valid YAML: Map keys must be unique/,
    );
    expect(() => parse("- a\n- b\n")).toThrowError("bulwark.yaml: expected a mapping of settings at the top level");
  });
});

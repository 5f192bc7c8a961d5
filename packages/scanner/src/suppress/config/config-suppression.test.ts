import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decideSuppression } from "../decide.ts";
import { readFixture } from "../vex/testing.ts";
import { configSuppressionFor } from "./config-suppression.ts";
import { loadConfig } from "./load-config.ts";
import { parseConfig } from "./parse-config.ts";
import { EMPTY_CONFIG } from "./types.ts";

const now = new Date("2024-06-01T00:00:00Z");
const config = parseConfig(
  "bulwark.yaml",
  [
    "ignore:",
    "  - {id: CVE-2021-23337, reason: template unused}",
    "  - {id: CVE-2020-8203, reason: old, expires: 2024-01-31}",
    "packages:",
    "  - {ecosystem: npm, name: left-pad, ignore: true, reason: vendored}",
    "  - {ecosystem: Debian, name: openssl, version: 3.0.11-1~deb12u2, ignore: true, reason: unreachable}",
    "  - {ecosystem: 'Debian:11', name: zlib1g, ignore: true, reason: only bullseye}",
    "  - {name: Django, ignore: true, reason: any ecosystem, expires: 2024-05-31}",
    "  - {name: requests, reason: no effect}",
  ].join("\n"),
  { now },
);
const finding = (ecosystem: string, name: string, version: string, ids: string[] = ["CVE-2099-0001"]) => ({
  ids,
  ecosystem,
  name,
  version,
});

describe("configSuppressionFor", () => {
  it("ignores an id of the alias group, case-insensitively, until it expires", () => {
    expect(
      configSuppressionFor(finding("npm", "lodash", "4.17.20", ["GHSA-35jh-r3h4-6jhm", "cve-2021-23337"]), config),
    ).toEqual({
      suppressed: true,
      rule: { kind: "ignore", rule: config.ignore[0] },
      reason: "ignored by bulwark.yaml ignore[0] (CVE-2021-23337): template unused",
    });
    expect(configSuppressionFor(finding("npm", "lodash", "4.17.15", ["CVE-2020-8203"]), config)).toEqual({
      suppressed: false,
      reason: "no bulwark.yaml rule applies",
    });
  });

  it("applies package overrides by ecosystem (with or without release), name and version", () => {
    expect(configSuppressionFor(finding("npm", "left-pad", "1.3.0"), config).reason).toBe(
      "package ignored by bulwark.yaml packages[0] (left-pad): vendored",
    );
    expect(configSuppressionFor(finding("Debian:12", "openssl", "3.0.11-1~deb12u2"), config).suppressed).toBe(true);
    expect(configSuppressionFor(finding("Debian:12", "openssl", "3.0.13-1~deb12u1"), config).suppressed).toBe(false);
    expect(configSuppressionFor(finding("Ubuntu:22.04:LTS", "openssl", "3.0.11-1~deb12u2"), config).suppressed).toBe(
      false,
    );
    expect(configSuppressionFor(finding("Debian:11", "zlib1g", "1:1.2.11"), config).suppressed).toBe(true);
    expect(configSuppressionFor(finding("Debian:12", "zlib1g", "1:1.2.13"), config).suppressed).toBe(false);
    expect(configSuppressionFor(finding("PyPI", "django", "4.2.0"), config).suppressed).toBe(false);
    expect(configSuppressionFor(finding("PyPI", "requests", "2.31.0"), config).suppressed).toBe(false);
  });
});

describe("decideSuppression", () => {
  const vex = readFixture("openvex/handmade-subcomponents.openvex.json");
  it("prefers the operator's bulwark.yaml, then VEX", () => {
    const byConfig = decideSuppression(finding("npm", "lodash", "4.17.20", ["CVE-2021-23337"]), config, vex);
    expect(byConfig).toMatchObject({ suppressed: true, source: "config" });
    expect(byConfig.vex.suppressed).toBe(true);
    const byVex = decideSuppression(finding("npm", "lodash", "4.17.11", ["GHSA-p6mc-m468-83gw"]), config, vex);
    expect(byVex).toMatchObject({
      suppressed: true,
      source: "vex",
      reason: expect.stringMatching(/^not_affected \(inline_mitigations_already_exist\)/),
    });
    const kept = decideSuppression(finding("npm", "lodash", "4.17.15", ["GHSA-p6mc-m468-83gw"]), EMPTY_CONFIG, vex);
    expect(kept).toMatchObject({
      suppressed: false,
      reason: expect.stringMatching(/^affected: Upgrade to 4\.17\.21\./),
    });
  });
});

describe("loadConfig", () => {
  const base = mkdtempSync(join(tmpdir(), "bulwark-config-"));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("finds bulwark.yaml, then bulwark.yml, in the scanned root (or beside a scanned file)", async () => {
    mkdirSync(join(base, "a"));
    writeFileSync(join(base, "a", "bulwark.yml"), "failOn: kev\n");
    writeFileSync(join(base, "a", "package-lock.json"), "{}");
    expect(await loadConfig({ root: join(base, "a"), now })).toMatchObject({
      failOn: "kev",
      path: join(base, "a", "bulwark.yml"),
    });
    expect((await loadConfig({ root: join(base, "a", "package-lock.json"), now })).failOn).toBe("kev");
    writeFileSync(join(base, "a", "bulwark.yaml"), "failOn: critical\n");
    expect((await loadConfig({ root: join(base, "a"), now })).failOn).toBe("critical");
  });

  it("returns the empty configuration when there is none, and fails for a missing explicit file", async () => {
    mkdirSync(join(base, "empty"));
    expect(await loadConfig({ root: join(base, "empty"), now })).toBe(EMPTY_CONFIG);
    await expect(loadConfig({ path: join(base, "nope.yaml"), now })).rejects.toMatchObject({
      code: "BULWARK_INPUT_NOT_FOUND",
    });
  });

  it("reports errors under the path it read", async () => {
    writeFileSync(join(base, "bad.yaml"), "mission: max\n");
    await expect(loadConfig({ path: join(base, "bad.yaml"), now })).rejects.toMatchObject({
      code: "BULWARK_CONFIG_INVALID",
      message: `${join(base, "bad.yaml")}: mission: expected one of low, medium, high, got "max"`,
    });
  });
});

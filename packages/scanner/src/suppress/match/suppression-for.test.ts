import { describe, expect, it } from "vitest";
import { readFixture } from "../vex/testing.ts";
import type { VexStatement } from "../vex/types.ts";
import { productMatches } from "./product-match.ts";
import { suppressionFor } from "./suppression-for.ts";

const handmade = readFixture("openvex/handmade-subcomponents.openvex.json");
const lodash = (version: string, ids: string[]) => ({ ids, ecosystem: "npm", name: "lodash", version });

describe("suppressionFor", () => {
  it("suppresses through a subcomponent purl with the same version, by any id of the alias group", () => {
    const r = suppressionFor(lodash("4.17.20", ["GHSA-35jh-r3h4-6jhm", "CVE-2021-23337"]), handmade);
    expect(r.suppressed).toBe(true);
    expect(r.by).toBe(handmade[0]);
    expect(r.reason).toBe(
      "not_affected (vulnerable_code_not_in_execute_path): template() is never called with user input. [openvex openvex/handmade-subcomponents.openvex.json#statements[0]]",
    );
    // Ids compare case-insensitively; the statement's alias is enough.
    expect(suppressionFor(lodash("4.17.20", ["ghsa-35jh-r3h4-6jhm"]), handmade).suppressed).toBe(true);
  });

  it("does not suppress another version, another package or another vulnerability", () => {
    expect(suppressionFor(lodash("4.17.21", ["CVE-2021-23337"]), handmade)).toEqual({
      suppressed: false,
      reason: "no VEX statement covers this finding",
    });
    const underscore = { ids: ["CVE-2021-23337"], ecosystem: "npm", name: "underscore", version: "4.17.20" };
    expect(suppressionFor(underscore, handmade).suppressed).toBe(false);
    expect(suppressionFor({ ...lodash("4.17.20", ["CVE-2021-23337"]), ecosystem: "PyPI" }, handmade).suppressed).toBe(
      false,
    );
    expect(suppressionFor(lodash("4.17.20", ["CVE-2020-8203"]), handmade).suppressed).toBe(false);
  });

  it("lets a version-less purl cover every version, and the newest statement decide", () => {
    const ids = ["GHSA-p6mc-m468-83gw", "CVE-2020-8203"];
    const any = suppressionFor(lodash("4.17.11", ids), handmade);
    expect(any.suppressed).toBe(true);
    expect(any.by).toBe(handmade[1]);
    // For 4.17.15 a newer `affected` statement (2024-02-01) overrides the version-less not_affected (2024-01-01).
    const overridden = suppressionFor(lodash("4.17.15", ids), handmade);
    expect(overridden.suppressed).toBe(false);
    expect(overridden.by).toBe(handmade[2]);
    expect(overridden.reason).toBe(
      "affected: Upgrade to 4.17.21. [openvex openvex/handmade-subcomponents.openvex.json#statements[2]]",
    );
  });

  it("compares Go versions without the purl's v prefix, and fixed suppresses", () => {
    const finding = {
      ids: ["CVE-2023-45288", "GO-2024-2687"],
      ecosystem: "Go",
      name: "golang.org/x/net",
      version: "0.17.0",
    };
    expect(suppressionFor(finding, handmade)).toMatchObject({ suppressed: true, by: handmade[3] });
  });

  it("ignores qualifiers, and compares purl types without an OSV ecosystem purl to purl", () => {
    const demo = readFixture("openvex/demo.vex.json");
    const git = (purl: string, version = "2.39.0-r1") => ({
      ids: ["CVE-2014-123456"],
      purl,
      ecosystem: "Wolfi",
      name: "git",
      version,
    });
    expect(suppressionFor(git("pkg:apk/distro/git@2.39.0-r1?arch=aarch64"), demo).suppressed).toBe(true);
    expect(suppressionFor(git("pkg:apk/distro/git@2.39.0-r2", "2.39.0-r2"), demo).suppressed).toBe(false);
    expect(suppressionFor(git("pkg:apk/other/git@2.39.0-r1"), demo).suppressed).toBe(false);
    const nginx = readFixture("openvex/sample-2vulns.openvex.json");
    const image = {
      ids: ["CVE-2023-27103"],
      purl: "pkg:oci/nginx@sha256:13d22ec63300e16014d4a42aed735207a8b33c223cff19627dd3042e5a10a3a0?tag=latest",
      ecosystem: "OCI",
      name: "nginx",
      version: "sha256:13d22ec63300e16014d4a42aed735207a8b33c223cff19627dd3042e5a10a3a0",
    };
    expect(suppressionFor(image, nginx).suppressed).toBe(true);
  });

  it("never suppresses with a statement that names no products", () => {
    const s = readFixture("openvex/test.vex.json");
    const nginx = { ids: ["CVE-2009-4487"], ecosystem: "Debian:12", name: "nginx", version: "0.7.64" };
    expect(suppressionFor(nginx, s).suppressed).toBe(false);
  });

  it("matches CycloneDX components and restricts them to the listed versions", () => {
    const s = readFixture("cyclonedx/handmade-components.vex.json");
    const requests = { ids: ["GHSA-j8r2-6x86-q33q"], ecosystem: "PyPI", name: "Requests", version: "2.31.0" };
    expect(suppressionFor(requests, s)).toMatchObject({ suppressed: true, by: s[0] });
    const jackson = {
      ids: ["CVE-2020-25649"],
      ecosystem: "Maven",
      name: "com.fasterxml.jackson.core:jackson-databind",
      version: "2.10.0",
    };
    expect(suppressionFor(jackson, s)).toMatchObject({ suppressed: true, by: s[1] });
    const openssl = { ids: ["CVE-2023-0286"], ecosystem: "Debian:12", name: "openssl", version: "3.0.7-1" };
    expect(suppressionFor(openssl, s)).toMatchObject({ suppressed: false, by: s[2] });
  });

  it("matches CSAF products resolved through relationships, with rpm epochs", () => {
    const s = readFixture("csaf/handmade-relationships.json");
    const log4j = {
      ids: ["GHSA-jfh8-c2jp-5v3q"],
      ecosystem: "Maven",
      name: "org.apache.logging.log4j:log4j-core",
      version: "2.14.1",
    };
    expect(suppressionFor(log4j, s)).toMatchObject({ suppressed: true, by: s[0] });
    const openssl = {
      ids: ["CVE-2023-0286"],
      ecosystem: "Red Hat:enterprise_linux:9",
      name: "openssl",
      version: "1:3.0.7-6.el9",
    };
    expect(suppressionFor(openssl, s)).toMatchObject({ suppressed: true, by: s[3] });
  });
});

describe("productMatches", () => {
  const finding = { ids: [], ecosystem: "npm", name: "@babel/core", version: "7.24.0" };
  it.each([
    [{ purl: "pkg:npm/%40babel/core@7.24.0" }, true],
    [{ purl: "pkg:npm/%40babel/core" }, true],
    [{ purl: "pkg:npm/%40babel/core@7.23.0" }, false],
    [{ purl: "pkg:npm/%40babel/core", versions: ["7.24.0"] }, true],
    [{ purl: "pkg:npm/%40babel/core", versions: ["7.23.0"] }, false],
    [{ purl: "pkg:npm/%40babel/core", versionRanges: ["vers:npm/>=7.0.0"] }, false],
    [{ cpe: "cpe:2.3:a:babel:core:7.24.0:*:*:*:*:*:*:*" }, false],
    [{ id: "urn:cdx:x/1#babel" }, false],
    [{ id: "app", subcomponents: [{ purl: "pkg:npm/%40babel/core@7.24.0" }] }, true],
  ])("%j → %s", (product, expected) => {
    expect(productMatches(product, finding)).toBe(expected);
  });

  it("lets an older statement lose to a newer one and a later statement win a tie", () => {
    const base = {
      products: [{ purl: "pkg:npm/a" }],
      source: { path: "v", format: "openvex" as const, statementIndex: 0 },
    };
    const older: VexStatement = {
      ...base,
      vulnerability: "CVE-1",
      status: "affected",
      timestamp: "2024-01-02T00:00:00Z",
    };
    const newer: VexStatement = {
      ...base,
      vulnerability: "CVE-1",
      status: "not_affected",
      timestamp: "2024-01-03T00:00:00Z",
    };
    const a = { ids: ["CVE-1"], ecosystem: "npm", name: "a", version: "1.0.0" };
    expect(suppressionFor(a, [newer, older]).by).toBe(newer);
    const tie: VexStatement = { ...older, timestamp: newer.timestamp };
    expect(suppressionFor(a, [newer, tie]).by).toBe(tie);
  });
});

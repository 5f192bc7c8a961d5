import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readVex } from "./read-vex.ts";
import { readFixture } from "./testing.ts";

describe("CSAF 2.0 VEX", () => {
  it("groups the products of a vulnerability by status and impact / remediation (use case 7)", () => {
    const s = readFixture("csaf/2022-evd-uc-07-001.json");
    expect(s.map((x) => [x.status, x.products.map((p) => p.id)])).toEqual([
      ["fixed", ["CSAFPID-0010"]],
      ["affected", ["CSAFPID-0002", "CSAFPID-0003", "CSAFPID-0004"]],
      ["affected", ["CSAFPID-0008"]],
      ["not_affected", ["CSAFPID-0001", "CSAFPID-0005", "CSAFPID-0006", "CSAFPID-0007"]],
      ["not_affected", ["CSAFPID-0009"]],
    ]);
    expect(s[1]!.actionStatement).toBe("Update to version 4.2 or later.");
    expect(s[3]!.impactStatement).toBe("Class with vulnerable code was removed before shipping.");
    expect(s[4]!.impactStatement).toBe("Log4j was not included in those versions at all.");
    expect(s[0]).toMatchObject({
      vulnerability: "CVE-2021-44228",
      timestamp: "2022-03-03T11:00:00.000Z",
      source: { path: "csaf/2022-evd-uc-07-001.json", format: "csaf", statementIndex: 0 },
    });
    expect(s[0]!.products[0]).toEqual({ id: "CSAFPID-0010", name: "Example Company JKL 5.1" });
  });

  it("reads every status of the multiple-status example and ignores `recommended`", () => {
    const multi = readFixture("csaf/2022-evd-uc-03-ms-001.json");
    expect(multi).toHaveLength(19);
    expect(multi.filter((s) => s.status === "not_affected").map((s) => s.vulnerability)).toEqual([
      "CVE-2020-11897",
      "CVE-2020-11899",
      "CVE-2020-11902",
      "CVE-2020-11905",
      "CVE-2020-11906",
      "CVE-2020-11913",
    ]);
    const uc8 = readFixture("csaf/2022-evd-uc-08-001.json");
    expect(uc8).toHaveLength(10);
    expect(uc8.flatMap((s) => s.products.map((p) => p.id))).not.toContain("CSAFPID-0012");
  });

  it("reads flags as justifications", () => {
    const s = readFixture("csaf/sec-vex-2022-0001.json");
    expect(s.map((x) => [x.vulnerability, x.status, x.justification])).toEqual([
      ["CVE-2021-44228", "not_affected", "component_not_present"],
      ["CVE-2021-45046", "not_affected", "component_not_present"],
      ["CVE-2021-45105", "not_affected", "component_not_present"],
    ]);
    expect(s[0]!.impactStatement).toBe("Secvisogram is written in JavaScript. No Java is included.");
  });

  it("resolves product ids to purls and CPEs of the product tree", () => {
    expect(readFixture("csaf/vexctl-csaf.json")[0]!.products).toEqual([
      { id: "CSAFPID-0001", name: "Example Company ABC 4.2", purl: "pkg:generic/component1@1.3.4" },
    ]);
    const bsi = readFixture("csaf/bsi-2022-0001.json");
    expect(bsi.map((s) => [s.status, s.products.length])).toEqual([
      ["fixed", 1],
      ["affected", 5],
    ]);
    expect(bsi[0]!.products[0]!.cpe).toBe("cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-rc2");
  });

  it("resolves relationships to the component's purl and product groups in flags and threats", () => {
    const s = readFixture("csaf/handmade-relationships.json");
    expect(s.map((x) => [x.vulnerability, x.status, x.products.map((p) => p.id)])).toEqual([
      ["CVE-2021-44228", "not_affected", ["EL9:log4j-core-2.14.1"]],
      ["CVE-2021-44228", "not_affected", ["TOOL-1"]],
      ["CVE-2021-44228", "affected", ["NOT-IN-TREE"]],
      ["CVE-2023-0286", "fixed", ["EL9:openssl"]],
    ]);
    expect(s[0]).toMatchObject({
      aliases: ["GHSA-jfh8-c2jp-5v3q"],
      justification: "vulnerable_code_not_in_execute_path",
      impactStatement: "JNDI lookups are disabled by the product.",
    });
    expect(s[0]!.products[0]).toEqual({
      id: "EL9:log4j-core-2.14.1",
      name: "log4j-core as a component of Example Linux 9",
      purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
    });
    expect(s[1]!.justification).toBeUndefined();
    expect(s[2]!.products[0]).toEqual({ id: "NOT-IN-TREE" });
    // A threat that names no products applies to all of them.
    expect(s[3]).toMatchObject({ impactStatement: "Important", actionStatement: "Apply the update." });
    expect(s[3]!.products[0]!.purl).toBe("pkg:rpm/redhat/openssl@3.0.7-6.el9?arch=x86_64&epoch=1");
  });

  // Red Hat's documents are all-rights-reserved: read from ../shared when present, never copied.
  const redHat = "/work/shared/data/examples/osv/redhat-csaf-to-osv-testdata/CSAF/rhsa-2024_4546.json";
  it.skipIf(!existsSync(redHat))("reads a real Red Hat advisory's relationships to rpm purls", () => {
    const s = readVex("rhsa-2024_4546.json", readFileSync(redHat));
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ vulnerability: "CVE-2023-45288", status: "fixed", impactStatement: "Important" });
    expect(s[0]!.aliases).toEqual(["2268273"]);
    expect(s[0]!.products).toHaveLength(15);
    expect(s[0]!.products[0]).toMatchObject({
      id: "AppStream-8.6.0.Z.AUS:git-lfs-0:2.13.3-3.el8_6.1.src",
      purl: "pkg:rpm/redhat/git-lfs@2.13.3-3.el8_6.1?arch=src",
    });
    expect(s[0]!.products.every((p) => p.purl?.startsWith("pkg:rpm/redhat/git-lfs"))).toBe(true);
  });
});

describe("malformed CSAF", () => {
  const csaf = (document: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
    JSON.stringify({ document: { category: "csaf_vex", csaf_version: "2.0", ...document }, ...rest });

  it.each([
    [
      csaf({ category: "csaf_informational_advisory" }),
      'c.json: document.category: "csaf_informational_advisory" is not a VEX document (expected csaf_vex)',
    ],
    [csaf({ csaf_version: "2.1" }), 'c.json: document.csaf_version: unsupported CSAF version "2.1" (expected "2.0")'],
    [
      csaf({}, { vulnerabilities: [{ product_status: {} }] }),
      "c.json: vulnerabilities[0]: has neither cve nor ids: no vulnerability id",
    ],
    [
      csaf({}, { vulnerabilities: [{ cve: "CVE-1", product_status: { known_ok: ["A"] } }] }),
      "c.json: vulnerabilities[0].product_status.known_ok: unknown product status",
    ],
    [
      csaf({}, { vulnerabilities: [{ cve: "CVE-1", product_status: { fixed: "A" } }] }),
      "c.json: vulnerabilities[0].product_status.fixed: expected an array of product ids",
    ],
    [
      csaf({}, { product_tree: { branches: [{ product: { name: "x" } }] } }),
      "c.json: product_tree.branches[0].product.product_id: missing (expected a non-empty string)",
    ],
  ])("rejects %s", (text, message) => {
    expect(() => readVex("c.json", text)).toThrowError(
      expect.objectContaining({ code: "BULWARK_VEX_INVALID", message }),
    );
  });
});

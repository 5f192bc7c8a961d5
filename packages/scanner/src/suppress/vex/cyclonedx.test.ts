import { describe, expect, it } from "vitest";
import { readVex } from "./read-vex.ts";
import { readFixture } from "./testing.ts";

const countStatuses = (name: string) =>
  readFixture(name).reduce<Record<string, number>>((acc, s) => {
    acc[s.status] = (acc[s.status] ?? 0) + 1;
    return acc;
  }, {});

describe("CycloneDX VEX", () => {
  it("takes the purl out of a BOM-Link whose bom-ref is a purl, and references as aliases", () => {
    const s = readFixture("cyclonedx/bom-link-purl.vex.json");
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({
      vulnerability: "CVE-2020-25649",
      aliases: ["SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302"],
      status: "not_affected",
      justification: "code_not_reachable",
      actionStatement:
        "Upgrade com.fasterxml.jackson.core:jackson-databind to version 2.6.7.4, 2.9.10.7, 2.10.5.1 or higher.",
      timestamp: "2021-10-26T00:00:00.000Z",
      source: { format: "cyclonedx", statementIndex: 0 },
    });
    expect(s[0]!.impactStatement).toMatch(/^Automated dataflow analysis/);
    expect(s[0]!.products).toEqual([
      {
        id: "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar",
        purl: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar",
      },
    ]);
  });

  it("maps every analysis state of the CISA use case 3 (19 vulnerabilities)", () => {
    expect(readFixture("cyclonedx/cisa-case-3.vex.json")).toHaveLength(19);
    expect(countStatuses("cyclonedx/cisa-case-3.vex.json")).toEqual({
      under_investigation: 5,
      not_affected: 6,
      affected: 5,
      fixed: 3,
    });
    expect(readFixture("cyclonedx/cisa-case-1-fixed.vex.json")[0]!.status).toBe("fixed");
    expect(readFixture("cyclonedx/cisa-case-1-under_investigation.vex.json")[0]!.status).toBe("under_investigation");
  });

  it("resolves bom-refs to metadata.component, and keeps BOM-Links into other BOMs as written", () => {
    const [first] = readFixture("cyclonedx/use-case-12.vex.json");
    expect(first!.products).toEqual([{ id: "acme-product", name: "Acme Product" }]);
    const linked = readFixture("cyclonedx/cisa-case-7-bom-link.vex.json");
    expect(linked.map((s) => s.status)).toEqual(["affected", "not_affected", "not_affected", "fixed"]);
    expect(linked[0]!.products.map((p) => p.id)).toEqual([
      "urn:cdx:cbb2cd68-2857-43b8-a10b-e8c03d277d18/1#product-ABC",
      "urn:cdx:e4c3eedc-4978-470c-ad02-6ffff63738ff/1#product-JKL",
    ]);
    expect(linked[0]!.products[0]!.purl).toBeUndefined();
  });

  it("keeps affected versions and vers: ranges", () => {
    const [ranges] = readFixture("cyclonedx/use-case-8-ranges.vex.json");
    expect(ranges!.products[0]).toEqual({
      id: "acme-product",
      name: "Acme Product",
      versions: ["5.9.0"],
      versionRanges: ["vers:semver/>=2.0.0|<=2.7.0", "vers:semver/>=3.0.0|<=3.2.0", "vers:semver/>=3.8.0|<=4.1.0"],
    });
    const [versions] = readFixture("cyclonedx/use-case-10-versions.vex.json");
    expect(versions!.products[0]!.versions).toHaveLength(13);
    expect(versions!.products[0]!.versions!.at(-1)).toBe("2.4.0");
  });

  it("resolves nested components, maps false_positive and resolved_with_pedigree, skips entries without analysis", () => {
    const s = readFixture("cyclonedx/handmade-components.vex.json");
    expect(s.map((x) => [x.vulnerability, x.status, x.source.statementIndex])).toEqual([
      ["CVE-2023-32681", "not_affected", 0],
      ["CVE-2020-25649", "fixed", 1],
      ["CVE-2023-0286", "affected", 2],
    ]);
    expect(s[0]!.aliases).toEqual(["GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"]);
    expect(s[0]!.products).toEqual([{ id: "py-requests", name: "requests", purl: "pkg:pypi/requests@2.31.0" }]);
    expect(s[0]!.timestamp).toBe("2024-05-02T00:00:00Z");
    expect(s[1]!.products[0]!.versions).toEqual(["2.10.0"]);
    expect(s[1]!.timestamp).toBe("2024-05-01T00:00:00Z");
    expect(s[2]!.products).toEqual([
      { id: "ssl", name: "openssl", cpe: "cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*" },
      { id: "pkg:deb/debian/openssl@3.0.7-1", purl: "pkg:deb/debian/openssl@3.0.7-1" },
      { id: "missing-ref" },
    ]);
  });
});

describe("malformed CycloneDX VEX", () => {
  const bom = (extra: Record<string, unknown>) =>
    JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", ...extra });
  const vuln = { id: "CVE-1", analysis: { state: "not_affected" }, affects: [{ ref: "a" }] };

  it.each([
    [bom({}), "b.json: vulnerabilities: missing: this is an SBOM without VEX data"],
    [
      bom({ specVersion: "1.3", vulnerabilities: [] }),
      'b.json: specVersion: unsupported CycloneDX version "1.3" (expected 1.4, 1.5 or 1.6)',
    ],
    [bom({ vulnerabilities: {} }), "b.json: vulnerabilities: expected an array, got an object"],
    [
      bom({ vulnerabilities: [{ ...vuln, analysis: { state: "maybe" } }] }),
      'b.json: vulnerabilities[0].analysis.state: expected one of not_affected, false_positive, resolved, resolved_with_pedigree, exploitable, in_triage, got "maybe"',
    ],
    [
      bom({ vulnerabilities: [{ ...vuln, id: undefined }] }),
      "b.json: vulnerabilities[0].id: missing (expected a non-empty string)",
    ],
    [
      bom({ vulnerabilities: [{ ...vuln, affects: [{}] }] }),
      "b.json: vulnerabilities[0].affects[0].ref: missing (expected a non-empty string)",
    ],
    [
      bom({ vulnerabilities: [{ ...vuln, affects: [{ ref: "a", versions: [{ status: "affected" }] }] }] }),
      "b.json: vulnerabilities[0].affects[0].versions[0]: has neither version nor range",
    ],
    [bom({ components: [5], vulnerabilities: [] }), "b.json: components[0]: expected a component object"],
  ])("rejects %s", (text, message) => {
    expect(() => readVex("b.json", text)).toThrowError(
      expect.objectContaining({ code: "BULWARK_VEX_INVALID", message }),
    );
  });

  it("rejects the real CycloneDX 1.3 SBOM of the VEX examples", () => {
    expect(() => readFixture("cyclonedx/sbom-1.3.json")).toThrowError(
      /specVersion: unsupported CycloneDX version "1.3"/,
    );
  });
});

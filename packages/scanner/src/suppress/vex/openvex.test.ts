import { describe, expect, it } from "vitest";
import { readVex } from "./read-vex.ts";
import { readFixture } from "./testing.ts";

describe("OpenVEX 0.2.0", () => {
  it("reads vexctl's two-vulnerability sample: ids, aliases, statuses, justification, purl products", () => {
    const s = readFixture("openvex/sample-2vulns.openvex.json");
    expect(s).toHaveLength(2);
    expect(s[0]).toMatchObject({
      vulnerability: "CVE-2023-27103",
      aliases: ["SNYK-DEBIAN12-LIBDE265-3361563"],
      status: "not_affected",
      justification: "component_not_present",
      timestamp: "2023-08-15T19:55:22.076684217-06:00",
      source: { path: "openvex/sample-2vulns.openvex.json", format: "openvex", statementIndex: 0 },
    });
    expect(s[0]!.products).toEqual([
      {
        id: "pkg:oci/nginx@sha256%3A13d22ec63300e16014d4a42aed735207a8b33c223cff19627dd3042e5a10a3a0",
        purl: "pkg:oci/nginx@sha256%3A13d22ec63300e16014d4a42aed735207a8b33c223cff19627dd3042e5a10a3a0",
      },
    ]);
    expect(s[1]).toMatchObject({ vulnerability: "CVE-2007-5686", status: "fixed" });
    // The second statement has no timestamp of its own: it inherits the document's.
    expect(s[1]!.timestamp).toBe("2023-08-16T19:55:22.076684217-06:00");
    expect(s[1]!.justification).toBeUndefined();
  });

  it("keeps purl qualifiers as written (matching ignores them later)", () => {
    const s = readFixture("openvex/demo.vex.json");
    expect(s).toHaveLength(1);
    expect(s[0]!.status).toBe("fixed");
    expect(s[0]!.products.map((p) => p.purl)).toEqual([
      "pkg:apk/distro/git@2.39.0-r1?arch=armv7",
      "pkg:apk/distro/git@2.39.0-r1?arch=x86_64",
    ]);
  });

  it("reads subcomponents, identifiers.purl, vulnerability @id/name and action statements", () => {
    const s = readFixture("openvex/handmade-subcomponents.openvex.json");
    expect(s.map((x) => [x.vulnerability, x.status])).toEqual([
      ["CVE-2021-23337", "not_affected"],
      ["GHSA-p6mc-m468-83gw", "not_affected"],
      ["GHSA-p6mc-m468-83gw", "affected"],
      ["CVE-2023-45288", "fixed"],
    ]);
    expect(s[0]!.aliases).toEqual(["GHSA-35jh-r3h4-6jhm"]);
    expect(s[0]!.impactStatement).toBe("template() is never called with user input.");
    expect(s[0]!.products[0]!.subcomponents).toEqual([
      { id: "pkg:npm/lodash@4.17.20", purl: "pkg:npm/lodash@4.17.20" },
    ]);
    expect(s[1]!.products).toEqual([{ id: "urn:example:webapp", purl: "pkg:npm/lodash" }]);
    expect(s[2]!.actionStatement).toBe("Upgrade to 4.17.21.");
    expect(s[3]!.timestamp).toBe("2024-03-01T10:00:00Z");
  });
});

describe("legacy OpenVEX (before 0.2)", () => {
  it("reads string vulnerabilities and string products", () => {
    const s = readFixture("openvex/v001-1.vex.json");
    expect(s).toEqual([
      {
        vulnerability: "CVE-1234-5678",
        products: [{ id: "pkg:apk/wolfi/bash@1.0.0", purl: "pkg:apk/wolfi/bash@1.0.0" }],
        status: "under_investigation",
        timestamp: "2022-12-22T16:36:43-05:00",
        source: { path: "openvex/v001-1.vex.json", format: "openvex", statementIndex: 0 },
      },
    ]);
  });

  it("keeps products that are not purls by their identifier", () => {
    const s = readFixture("openvex/images.vex.json");
    expect(s).toHaveLength(4);
    expect(s.map((x) => x.products[0])).toEqual([
      {
        id: "pkg:oci/alpine@sha256%3Af271e74b17ced29b915d351685fd4644785c6d1559dd1f2d4189a5e851ef753a",
        purl: "pkg:oci/alpine@sha256%3Af271e74b17ced29b915d351685fd4644785c6d1559dd1f2d4189a5e851ef753a",
      },
      { id: "nginx" },
      { id: "registry.k8s.io/kube-apiserver:v1.26.0" },
      {
        id: "pkg:oci/kube-apiserver?repository_url=registry.k8s.io&tag=v1.26.0",
        purl: "pkg:oci/kube-apiserver?repository_url=registry.k8s.io&tag=v1.26.0",
      },
    ]);
  });

  it("reads statements without products (they can never suppress)", () => {
    const s = readFixture("openvex/test.vex.json");
    expect(s).toHaveLength(2);
    expect(s[0]).toMatchObject({
      vulnerability: "CVE-2009-4487",
      products: [],
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      actionStatement: "Affected library function not called",
    });
    expect(s[1]).toMatchObject({ vulnerability: "CVE-2021-44228", status: "affected" });
  });
});

describe("malformed OpenVEX", () => {
  const doc = (statements: unknown, context = "https://openvex.dev/ns/v0.2.0") =>
    JSON.stringify({ "@context": context, statements });
  const valid = { vulnerability: { name: "CVE-1" }, products: [{ "@id": "pkg:npm/a@1" }], status: "affected" };

  it.each([
    [doc(5), "x.json: statements: missing (expected an array of statements)"],
    [
      doc([{ ...valid, status: "exploitable" }]),
      'x.json: statements[0].status: expected one of not_affected, affected, fixed, under_investigation, got "exploitable"',
    ],
    [doc([{ ...valid, status: undefined }]), "x.json: statements[0].status: missing (expected a non-empty string)"],
    [
      doc([{ ...valid, vulnerability: {} }]),
      "x.json: statements[0].vulnerability.name: missing (expected the vulnerability id)",
    ],
    [
      doc([{ ...valid, vulnerability: 7 }]),
      "x.json: statements[0].vulnerability: missing (expected an object with a name, or an id string)",
    ],
    [
      doc([{ ...valid, products: [{}] }]),
      "x.json: statements[0].products[0]: names no product (no @id or identifiers)",
    ],
    [
      doc([{ ...valid, products: [3] }]),
      "x.json: statements[0].products[0]: expected a product object or identifier string",
    ],
    [doc([valid, "oops"]), 'x.json: statements[1]: expected an object, got the string "oops"'],
    [doc([{ ...valid, justification: 1 }]), "x.json: statements[0].justification: expected a string, got number 1"],
    [
      doc([valid], "https://openvex.dev/ns/v9.9.9"),
      'x.json: @context: unsupported OpenVEX version "https://openvex.dev/ns/v9.9.9" (Bulwark reads https://openvex.dev/ns/v0.2.0)',
    ],
  ])("rejects %s", (text, message) => {
    expect(() => readVex("x.json", text)).toThrowError(
      expect.objectContaining({ code: "BULWARK_VEX_INVALID", message }),
    );
  });
});

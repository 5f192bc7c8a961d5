import { readFileSync } from "node:fs";
import { fixturePath } from "@bulwark/core/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
import { sampleScanReport } from "../shared/sample-report.ts";
import { awkwardScanReport, EMPTY_SCAN_REPORT, VEX_OPTIONS, VEX_TEST_REPORTS } from "../shared/vex-testing.ts";
import { openvexReporter } from "./index.ts";

const schema = JSON.parse(readFileSync(fixturePath("schemas/openvex/openvex_json_schema.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
// RFC 3987 only asks an IRI to be well-formed; ajv-formats-draft2019's `iri` also wants an
// IANA-registered scheme, which rejects every purl (`pkg:`) and the spec's own examples. A purl is
// ASCII, so the full RFC 3986 URI check is the stricter, correct test here.
ajv.addFormat("iri", fullFormats.uri);
const validate = ajv.compile(schema);

interface Statement {
  vulnerability: { "@id"?: string; name: string; description?: string; aliases?: string[] };
  products: { "@id": string; identifiers?: { purl: string } }[];
  status: string;
  justification?: string;
  impact_statement?: string;
  action_statement?: string;
  status_notes?: string;
}

function render(report = sampleScanReport()): { statements: Statement[] } & Record<string, unknown> {
  return JSON.parse(openvexReporter.render(report, VEX_OPTIONS));
}

function statementFor(doc: { statements: Statement[] }, name: string, product: string): Statement {
  const found = doc.statements.find((s) => s.vulnerability.name === name && s.products[0]?.["@id"] === product);
  if (found === undefined) throw new Error(`no statement for ${name} / ${product}`);
  return found;
}

describe("openvex scan reporter", () => {
  for (const label of ["sample", "awkward"]) {
    it(`writes the ${label} report valid against the official OpenVEX 0.2.0 schema`, () => {
      const ok = validate(render(VEX_TEST_REPORTS[label]!()));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it("has a validator that catches an affected statement without an action statement", () => {
    const doc = render();
    delete doc.statements[0]!.action_statement;
    expect(validate(doc)).toBe(false);
  });

  it("writes the document header from the options", () => {
    const doc = render();
    expect(doc["@context"]).toBe("https://openvex.dev/ns/v0.2.0");
    expect(doc["@id"]).toBe("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
    expect(doc.author).toBe("Bulwark");
    expect(doc.timestamp).toBe("2026-12-03T04:05:06.000Z");
    expect(doc.version).toBe(1);
    expect(doc.tooling).toBe("bulwark 0.1.0");
  });

  it("falls back to the scan time without a clock", () => {
    const doc = JSON.parse(openvexReporter.render(sampleScanReport(), { ...VEX_OPTIONS, now: undefined }));
    expect(doc.timestamp).toBe("2026-12-02T10:00:00.000Z");
  });

  it("writes one statement per vulnerability and package, in priority order", () => {
    expect(render().statements.map((s) => [s.vulnerability.name, s.products[0]?.["@id"], s.status])).toEqual([
      ["CVE-2007-5712", "pkg:pypi/django@0.0.1", "affected"],
      ["CVE-2016-10931", "pkg:cargo/openssl@0.0.1", "affected"],
      ["CVE-2020-36567", "pkg:golang/github.com/gin-gonic/gin@v0.0.1", "affected"],
      ["ALBA-2022:2080", "pkg:rpm/almalinux/sudo@1.0.0-1.el9?distro=almalinux-8", "under_investigation"],
      ["CVE-2008-2302", "pkg:pypi/django@0.0.1", "not_affected"],
    ]);
  });

  it("tells how to fix an affected package and why it is urgent", () => {
    const s = statementFor(render(), "CVE-2007-5712", "pkg:pypi/django@0.0.1");
    expect(s.action_statement).toBe("Upgrade django to 1.1 or later.");
    expect(s.status_notes).toBe(
      "Bulwark: in CISA KEV since 2022-03-25 (due 2022-04-15); SSVC Act; EPSS 0.97; fix within 3 days (bod-26-04).",
    );
    expect(s.vulnerability).toEqual({
      "@id": "https://osv.dev/vulnerability/PYSEC-2007-1",
      name: "CVE-2007-5712",
      aliases: ["PYSEC-2007-1"],
    });
    expect(s.products).toEqual([{ "@id": "pkg:pypi/django@0.0.1", identifiers: { purl: "pkg:pypi/django@0.0.1" } }]);
  });

  it("writes a VEX suppression as not_affected with its justification and where it came from", () => {
    const s = statementFor(render(), "CVE-2008-2302", "pkg:pypi/django@0.0.1");
    expect(s.justification).toBe("vulnerable_code_not_in_execute_path");
    expect(s.impact_statement).toBe("Suppressed by vex/openvex.json (vex): vulnerable_code_not_in_execute_path");
    expect(s.action_statement).toBeUndefined();
  });

  it("writes an undetermined finding as under_investigation with the reason", () => {
    const s = render().statements.find((x) => x.status === "under_investigation");
    expect(s?.status_notes).toBe(
      "Undetermined: the installed version 1.0.0-1.el9 is compared with an ecosystem suffix the record does not name",
    );
  });

  it("merges one package found twice into one statement where affected wins over suppressed", () => {
    const doc = render(awkwardScanReport());
    const purl = "pkg:npm/%40scope/a%26b%3Cc%3E@1.0.0-beta+exp";
    const same = doc.statements.filter(
      (s) => s.vulnerability.name === "CVE-2024-99999" && s.products[0]?.["@id"] === purl,
    );
    expect(same).toHaveLength(1);
    expect(same[0]?.status).toBe("affected");
    expect(same[0]?.action_statement).toBe("Upgrade @scope/a&b<c> to 1.0.1 or later (also fixed in 2.0.0).");
  });

  it("gives a package without a purl a bulwark: IRI and a config suppression an impact statement only", () => {
    const doc = render(awkwardScanReport());
    const s = statementFor(doc, "CVE-2024-99999", "bulwark:package/NoSuchEcosystem/odd%20pkg@2.0");
    expect(s.products[0]?.identifiers).toBeUndefined();
    expect(s.status).toBe("not_affected");
    expect(s.justification).toBeUndefined();
    expect(s.impact_statement).toBe("Suppressed by bulwark.yaml (config): accepted risk until 2027");
  });

  it("says so when an affected package has no fixed version", () => {
    const s = statementFor(render(awkwardScanReport()), "RUSTSEC-2099-0001", "pkg:cargo/unsound@0.1.0");
    expect(s.action_statement).toBe(
      "No fixed version of unsound is known: remove or replace it, or mitigate the vulnerability.",
    );
    expect(s.vulnerability.aliases).toBeUndefined();
  });

  it("writes an empty scan with no statements, the one thing the schema's minItems rejects", () => {
    const doc = render(EMPTY_SCAN_REPORT);
    expect(doc.statements).toEqual([]);
    expect(validate(doc)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(["/statements minItems"]);
  });

  it("renders the same bytes twice", () => {
    expect(openvexReporter.render(awkwardScanReport(), VEX_OPTIONS)).toBe(
      openvexReporter.render(awkwardScanReport(), VEX_OPTIONS),
    );
  });
});

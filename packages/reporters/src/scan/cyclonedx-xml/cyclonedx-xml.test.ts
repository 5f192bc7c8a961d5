import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { type Element, parseXml } from "libxmljs2";
import { describe, expect, it } from "vitest";
import { cyclonedxJsonReporter } from "../cyclonedx-json/index.ts";
import { awkwardScanReport, VEX_OPTIONS, VEX_TEST_REPORTS } from "../shared/vex-testing.ts";
import { cyclonedxXmlReporter } from "./index.ts";

const validator = new Validation.XmlValidator(Spec.Version.v1dot6);
const NS = { c: "http://cyclonedx.org/schema/bom/1.6" };

function parse(report = VEX_TEST_REPORTS.sample!()) {
  return parseXml(cyclonedxXmlReporter.render(report, VEX_OPTIONS));
}

function texts(doc: ReturnType<typeof parse>, xpath: string): string[] {
  return doc.find<Element>(xpath, NS).map((e) => e.text());
}

describe("cyclonedx-xml scan reporter", () => {
  for (const [label, report] of Object.entries(VEX_TEST_REPORTS)) {
    it(`writes the ${label} report as a CycloneDX 1.6 XML VDR that passes the official XSD`, async () => {
      expect(await validator.validate(cyclonedxXmlReporter.render(report(), VEX_OPTIONS))).toBeNull();
    });
  }

  it("has a validator that catches a broken analysis", async () => {
    const xml = cyclonedxXmlReporter
      .render(VEX_TEST_REPORTS.sample!(), VEX_OPTIONS)
      .replace("<state>not_affected</state>", "<state>maybe</state>");
    expect(await validator.validate(xml)).not.toBeNull();
  });

  it("writes the same vulnerabilities as the JSON VDR", () => {
    const doc = parse(awkwardScanReport());
    const json = JSON.parse(cyclonedxJsonReporter.render(awkwardScanReport(), VEX_OPTIONS));
    expect(texts(doc, "/c:bom/c:vulnerabilities/c:vulnerability/c:id")).toEqual(
      json.vulnerabilities.map((v: { id: string }) => v.id),
    );
    expect(texts(doc, "/c:bom/c:vulnerabilities/c:vulnerability/c:affects/c:target/c:ref")).toEqual(
      json.vulnerabilities.flatMap((v: { affects: { ref: string }[] }) => v.affects.map((a) => a.ref)),
    );
  });

  it("writes analysis, ratings, CWEs and bulwark properties as XML elements", () => {
    const doc = parse(awkwardScanReport());
    expect(texts(doc, "//c:vulnerability[c:id='CVE-2008-2302']/c:analysis/c:state")).toEqual(["not_affected"]);
    expect(texts(doc, "//c:vulnerability[c:id='CVE-2008-2302']/c:analysis/c:justification")).toEqual([
      "code_not_reachable",
    ]);
    expect(texts(doc, "//c:vulnerability[c:id='CVE-2007-5712']/c:ratings/c:rating/c:method")).toEqual(["CVSSv31"]);
    expect(texts(doc, "(//c:vulnerability[c:id='CVE-2024-99999'])[1]/c:cwes/c:cwe")).toEqual(["20", "1321"]);
    expect(texts(doc, "//c:vulnerability[c:id='CVE-2007-5712']/c:properties/c:property[@name='bulwark:ssvc']")).toEqual(
      ["Act"],
    );
    expect(texts(doc, "(//c:vulnerability[c:id='CVE-2024-99999'])[1]/c:description")).toEqual([
      "Prototype pollution in <a&b>",
    ]);
  });
});

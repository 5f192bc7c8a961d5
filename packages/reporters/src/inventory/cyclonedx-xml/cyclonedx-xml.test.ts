import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { type Element, parseXml } from "libxmljs2";
import { describe, expect, it } from "vitest";
import { cyclonedxJsonWriter } from "../cyclonedx-json/index.ts";
import { ALL_INVENTORIES, AWKWARD_INVENTORY, EMPTY_INVENTORY, IMAGE_INVENTORY, OPTIONS } from "../shared/testing.ts";
import { cyclonedxXmlWriter } from "./index.ts";

const validator = new Validation.XmlValidator(Spec.Version.v1dot6);
const NS = { c: "http://cyclonedx.org/schema/bom/1.6" };

function parse(inv = IMAGE_INVENTORY) {
  return parseXml(cyclonedxXmlWriter.render(inv, OPTIONS));
}

function texts(doc: ReturnType<typeof parse>, xpath: string): string[] {
  return doc.find<Element>(xpath, NS).map((e) => e.text());
}

describe("cyclonedx-xml inventory writer", () => {
  for (const [label, inv] of Object.entries(ALL_INVENTORIES)) {
    it(`writes the ${label} inventory as CycloneDX 1.6 XML that passes the official XSD`, async () => {
      expect(await validator.validate(cyclonedxXmlWriter.render(inv, OPTIONS))).toBeNull();
    });
  }

  it("has a validator that does catch a broken BOM", async () => {
    const xml = cyclonedxXmlWriter.render(IMAGE_INVENTORY, OPTIONS).replace('type="library"', 'type="not-a-type"');
    expect(await validator.validate(xml)).not.toBeNull();
  });

  it("writes the header, the tool and the container subject", () => {
    const doc = parse();
    const bom = doc.root()!;
    expect(bom.attr("serialNumber")?.value()).toBe("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e");
    expect(texts(doc, "/c:bom/c:metadata/c:timestamp")).toEqual(["2025-03-04T05:06:07.089Z"]);
    expect(texts(doc, "/c:bom/c:metadata/c:tools/c:components/c:component/c:name")).toEqual(["bulwark"]);
    const subject = doc.get<Element>("/c:bom/c:metadata/c:component", NS)!;
    expect(subject.attr("type")?.value()).toBe("container");
    expect(texts(doc, "/c:bom/c:metadata/c:component/c:properties/c:property[@name='bulwark:image:tag']")).toEqual([
      "registry.example.com/shop/api:1.4.2",
      "registry.example.com/shop/api:latest",
    ]);
  });

  it("carries the same components, in the same order, as the JSON writer", () => {
    const json = JSON.parse(cyclonedxJsonWriter.render(IMAGE_INVENTORY, OPTIONS));
    const doc = parse();
    expect(texts(doc, "/c:bom/c:components/c:component/c:purl")).toEqual(
      json.components.map((c: { purl: string }) => c.purl),
    );
    expect(texts(doc, "/c:bom/c:components/c:component/c:name")).toHaveLength(17);
    expect(texts(doc, "//c:component[c:name='libssl3']/c:properties/c:property[@name='bulwark:sourceName']")).toEqual([
      "openssl",
    ]);
    expect(texts(doc, "//c:component[c:name='fsevents']/c:scope")).toEqual(["optional"]);
  });

  it("lists the direct packages under the subject's dependency", () => {
    const refs = parse()
      .find<Element>("/c:bom/c:dependencies/c:dependency[@ref='bulwark:subject']/c:dependency", NS)
      .map((e) => e.attr("ref")?.value());
    expect(refs).toHaveLength(9);
    expect(refs).toContain("pkg:npm/%40babel/core@7.23.2");
    expect(refs).not.toContain("pkg:npm/body-parser@1.20.1");
  });

  it("escapes XML special characters and reads them back unchanged", () => {
    const xml = cyclonedxXmlWriter.render(AWKWARD_INVENTORY, OPTIONS);
    expect(xml).toContain("<name>a&amp;b&lt;c&gt;</name>");
    const doc = parseXml(xml);
    expect(texts(doc, "/c:bom/c:metadata/c:component/c:name")).toEqual(['work/my <shop> & "café"']);
    expect(texts(doc, "//c:component[c:group='com.example']/c:version")).toEqual(["1.0 RC'1\""]);
    expect(texts(doc, "/c:bom/c:metadata/c:properties/c:property[@name='bulwark:note']")).toEqual([
      "BULWARK_EXTRACT_PARSE_FAILED bad <file>.json Unexpected token '<' & more",
    ]);
  });

  it("writes an empty inventory with no components", () => {
    const doc = parse(EMPTY_INVENTORY);
    expect(doc.find("/c:bom/c:components/c:component", NS)).toHaveLength(0);
    expect(texts(doc, "/c:bom/c:metadata/c:component/c:name")).toEqual(["bulwark-inventory"]);
  });
});

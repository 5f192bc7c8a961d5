import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { describe, expect, it } from "vitest";
import { ALL_INVENTORIES, AWKWARD_INVENTORY, EMPTY_INVENTORY, IMAGE_INVENTORY, OPTIONS } from "../shared/testing.ts";
import { cyclonedxJsonWriter } from "./index.ts";

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

interface Property {
  name: string;
  value: string;
}
interface Component {
  type: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  "bom-ref": string;
  scope?: string;
  properties?: Property[];
}

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
function render(inv = IMAGE_INVENTORY): any {
  return JSON.parse(cyclonedxJsonWriter.render(inv, OPTIONS));
}

function component(doc: { components: Component[] }, name: string): Component {
  const found = doc.components.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no component ${name}`);
  return found;
}

function props(c: { properties?: Property[] }, name: string): string[] {
  return (c.properties ?? []).filter((p) => p.name === name).map((p) => p.value);
}

describe("cyclonedx-json inventory writer", () => {
  for (const [label, inv] of Object.entries(ALL_INVENTORIES)) {
    it(`writes the ${label} inventory as CycloneDX 1.6 that passes the official strict JSON schema`, async () => {
      expect(await validator.validate(cyclonedxJsonWriter.render(inv, OPTIONS))).toBeNull();
    });
  }

  it("has a validator that does catch a broken BOM", async () => {
    const doc = render();
    doc.components[0].type = "not-a-type";
    expect(await validator.validate(JSON.stringify(doc))).not.toBeNull();
  });

  it("writes the document header from the options", () => {
    const doc = render();
    expect(doc.bomFormat).toBe("CycloneDX");
    expect(doc.specVersion).toBe("1.6");
    expect(doc.serialNumber).toBe("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e");
    expect(doc.metadata.timestamp).toBe("2025-03-04T05:06:07.089Z");
    expect(doc.metadata.tools.components).toEqual([{ type: "application", name: "bulwark", version: "0.1.0" }]);
  });

  it("describes a scanned image as a container component with its tags, ID, platform and layers", () => {
    const subject = render().metadata.component;
    expect(subject.type).toBe("container");
    expect(subject.name).toBe("registry.example.com/shop/api:1.4.2");
    expect(subject["bom-ref"]).toBe("bulwark:subject");
    expect(props(subject, "bulwark:image:tag")).toEqual([
      "registry.example.com/shop/api:1.4.2",
      "registry.example.com/shop/api:latest",
    ]);
    expect(props(subject, "bulwark:image:id")).toEqual([
      "sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741",
    ]);
    expect(props(subject, "bulwark:image:os")).toEqual(["linux"]);
    expect(props(subject, "bulwark:image:architecture")).toEqual(["amd64"]);
    expect(props(subject, "bulwark:image:layer")).toHaveLength(2);
  });

  it("writes one library component per package, sorted by ecosystem, name, version", () => {
    const doc = render();
    expect(doc.components).toHaveLength(17);
    expect(doc.components.every((c: Component) => c.type === "library")).toBe(true);
    expect(doc.components.slice(0, 2).map((c: Component) => c.name)).toEqual(["bash", "libc6"]);
    expect(doc.components.at(-1).name).toBe("lodash");
  });

  it("splits npm scopes, Maven groupIds and Packagist vendors into group and name", () => {
    const doc = render();
    expect(component(doc, "core")).toMatchObject({
      group: "@babel",
      version: "7.23.2",
      purl: "pkg:npm/%40babel/core@7.23.2",
      "bom-ref": "pkg:npm/%40babel/core@7.23.2",
    });
    expect(component(doc, "log4j-core").group).toBe("org.apache.logging.log4j");
    expect(component(doc, "monolog").group).toBe("monolog");
    expect(component(doc, "golang.org/x/net").group).toBeUndefined();
  });

  it("records Bulwark's facts as bulwark:* properties", () => {
    const doc = render();
    const libssl = component(doc, "libssl3");
    expect(libssl.properties).toEqual([
      { name: "bulwark:ecosystem", value: "Debian:12" },
      { name: "bulwark:location", value: "var/lib/dpkg/status:1204" },
      { name: "bulwark:layer", value: "sha256:8a1a1a0f2e4b4f5c6d7e8f90112233445566778899aabbccddeeff0011223344" },
      { name: "bulwark:sourceName", value: "openssl" },
      { name: "bulwark:sourceVersion", value: "3.0.11-1~deb12u2" },
    ]);
    expect(props(component(doc, "core"), "bulwark:scope")).toEqual(["dev"]);
    expect(props(component(doc, "core"), "bulwark:relation")).toEqual(["direct"]);
  });

  it("marks optional packages with the CycloneDX optional scope and no others", () => {
    const doc = render();
    expect(component(doc, "fsevents").scope).toBe("optional");
    expect(component(doc, "core").scope).toBeUndefined();
    expect(component(doc, "lodash").scope).toBeUndefined();
  });

  it("makes the subject depend on exactly the direct packages", () => {
    const doc = render();
    const subjectDeps = doc.dependencies.find((d: { ref: string }) => d.ref === "bulwark:subject");
    expect([...subjectDeps.dependsOn].sort()).toEqual(
      [
        "pkg:composer/monolog/monolog@3.5.0",
        "pkg:golang/golang.org/x/net@v0.17.0",
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        "pkg:npm/%40babel/core@7.23.2",
        "pkg:npm/express@4.18.2",
        "pkg:npm/lodash@4.17.21",
        "pkg:nuget/Newtonsoft.Json@13.0.3",
        "pkg:pypi/django@4.2.7",
        "pkg:pypi/requests@2.31.0",
      ].sort(),
    );
  });

  it("keeps the notes as bulwark:note metadata properties", () => {
    expect(props(render().metadata, "bulwark:note")).toEqual([
      "BULWARK_EXTRACT_PARSE_FAILED srv/broken/yarn.lock unexpected token at line 4",
      "BULWARK_EXTRACT_UNPINNED srv/tools/requirements.txt:9 flask>=2.0 has no exact version",
    ]);
  });

  it("gives every component a unique bom-ref, also for a package found twice or without a purl", () => {
    const doc = render(AWKWARD_INVENTORY);
    const refs = doc.components.map((c: Component) => c["bom-ref"]);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs).toContain("pkg:npm/left-pad@1.3.0");
    expect(refs).toContain("pkg:npm/left-pad@1.3.0#2");
    const noPurl = doc.components.find((c: Component) => c.purl === undefined);
    expect(noPurl["bom-ref"]).toMatch(/^bulwark:package:[0-9a-f]{32}$/);
  });

  it("keeps special characters in names and versions intact", () => {
    const doc = render(AWKWARD_INVENTORY);
    expect(component(doc, "a&b<c>")).toMatchObject({ group: "@scope", version: "1.0.0-beta+exp.sha.5114f85" });
    expect(component(doc, "naïve's-lib").version).toBe("1.0 RC'1\"");
    expect(doc.metadata.component).toMatchObject({ type: "application", name: 'work/my <shop> & "café"' });
  });

  it("writes an empty inventory as a BOM with no components and a subject named after the document", () => {
    const doc = JSON.parse(cyclonedxJsonWriter.render(EMPTY_INVENTORY, { ...OPTIONS, documentName: "nothing" }));
    expect(doc.components).toEqual([]);
    expect(doc.metadata.component).toEqual({ type: "application", name: "nothing", "bom-ref": "bulwark:subject" });
  });
});

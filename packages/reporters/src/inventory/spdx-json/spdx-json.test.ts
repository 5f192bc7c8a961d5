import { readFileSync } from "node:fs";
import { fixturePath } from "@bulwark/core/testing";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { SpdxDocument, SpdxPackage } from "../shared/spdx-document.ts";
import { ALL_INVENTORIES, AWKWARD_INVENTORY, EMPTY_INVENTORY, IMAGE_INVENTORY, OPTIONS } from "../shared/testing.ts";
import { spdxJsonWriter } from "./index.ts";

// The official SPDX 2.3 schema declares draft 2019-09, so it needs Ajv's 2019 build; strict mode
// off because the schema uses annotation keywords ("deprecated", "$comment") Ajv would flag.
const schema = JSON.parse(readFileSync(fixturePath("schemas/spdx/spdx-schema-2.3.json"), "utf8"));
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function render(inv = IMAGE_INVENTORY): SpdxDocument {
  return JSON.parse(spdxJsonWriter.render(inv, OPTIONS));
}

function byName(doc: SpdxDocument, name: string): SpdxPackage {
  const found = doc.packages.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no package ${name}`);
  return found;
}

function relationshipsOf(doc: SpdxDocument, id: string): string[] {
  return doc.relationships
    .filter((r) => r.spdxElementId === id || r.relatedSpdxElement === id)
    .map((r) => `${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`);
}

describe("spdx-json inventory writer", () => {
  it("uses the SPDX 2.3 schema", () => {
    expect(schema.title).toBe("SPDX 2.3");
  });

  for (const [label, inv] of Object.entries(ALL_INVENTORIES)) {
    it(`writes the ${label} inventory valid against the official SPDX 2.3 JSON schema`, () => {
      const ok = validate(render(inv));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });

    it(`gives every ${label} package a unique, well-formed SPDXID that relationships refer to`, () => {
      const doc = render(inv);
      const ids = doc.packages.map((p) => p.SPDXID);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
      const defined = new Set(["SPDXRef-DOCUMENT", ...ids]);
      for (const r of doc.relationships) {
        expect(defined.has(r.spdxElementId), r.spdxElementId).toBe(true);
        expect(defined.has(r.relatedSpdxElement), r.relatedSpdxElement).toBe(true);
      }
    });
  }

  it("has a schema that does catch a broken document", () => {
    const doc = render() as unknown as Record<string, unknown>;
    delete doc.documentNamespace;
    expect(validate(doc)).toBe(false);
  });

  it("writes the document header from the options", () => {
    const doc = render();
    expect(doc.spdxVersion).toBe("SPDX-2.3");
    expect(doc.dataLicense).toBe("CC0-1.0");
    expect(doc.SPDXID).toBe("SPDXRef-DOCUMENT");
    expect(doc.name).toBe("registry.example.com/shop/api:1.4.2");
    expect(doc.documentNamespace).toBe(
      "https://spdx.org/spdxdocs/bulwark-registry.example.com-shop-api-1.4.2-0f8fad5b-d9cb-469f-a165-70867728950e",
    );
    expect(doc.creationInfo).toEqual({ created: "2025-03-04T05:06:07Z", creators: ["Tool: bulwark-0.1.0"] });
    expect(doc.comment).toBe(
      "Problems met while reading the inputs:\n" +
        "BULWARK_EXTRACT_PARSE_FAILED srv/broken/yarn.lock unexpected token at line 4\n" +
        "BULWARK_EXTRACT_UNPINNED srv/tools/requirements.txt:9 flask>=2.0 has no exact version",
    );
  });

  it("describes the image as a CONTAINER package with its config digest as checksum", () => {
    const doc = render();
    const subject = doc.packages[0]!;
    expect(subject).toMatchObject({
      SPDXID: "SPDXRef-Subject",
      name: "registry.example.com/shop/api:1.4.2",
      primaryPackagePurpose: "CONTAINER",
      checksums: [
        { algorithm: "SHA256", checksumValue: "3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741" },
      ],
    });
    expect(subject.comment).toContain("image tag: registry.example.com/shop/api:latest");
    expect(subject.comment).toContain("platform: linux/amd64");
    expect(relationshipsOf(doc, "SPDXRef-DOCUMENT")).toEqual(["SPDXRef-DOCUMENT DESCRIBES SPDXRef-Subject"]);
  });

  it("writes one package per inventory entry with purl, locations and source package", () => {
    const doc = render();
    expect(doc.packages).toHaveLength(18);
    expect(byName(doc, "libssl3")).toEqual({
      SPDXID: "SPDXRef-Package-libssl3-3.0.11-1-deb12u2-3",
      name: "libssl3",
      versionInfo: "3.0.11-1~deb12u2",
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      sourceInfo:
        "found in: var/lib/dpkg/status:1204; image layer: sha256:8a1a1a0f2e4b4f5c6d7e8f90112233445566778899aabbccddeeff0011223344; source package: openssl 3.0.11-1~deb12u2",
      licenseConcluded: "NOASSERTION",
      licenseDeclared: "NOASSERTION",
      copyrightText: "NOASSERTION",
      comment: "ecosystem: Debian:12",
      externalRefs: [
        {
          referenceCategory: "PACKAGE-MANAGER",
          referenceType: "purl",
          referenceLocator: "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
        },
      ],
      primaryPackagePurpose: "LIBRARY",
    });
  });

  it("relates packages to the subject by how it needs them", () => {
    const doc = render();
    const id = (name: string) => byName(doc, name).SPDXID;
    expect(relationshipsOf(doc, id("lodash"))).toEqual([
      `SPDXRef-Subject CONTAINS ${id("lodash")}`,
      `SPDXRef-Subject DEPENDS_ON ${id("lodash")}`,
    ]);
    expect(relationshipsOf(doc, id("@babel/core"))).toEqual([
      `SPDXRef-Subject CONTAINS ${id("@babel/core")}`,
      `${id("@babel/core")} DEV_DEPENDENCY_OF SPDXRef-Subject`,
    ]);
    expect(relationshipsOf(doc, id("body-parser"))).toEqual([`SPDXRef-Subject CONTAINS ${id("body-parser")}`]);
    expect(relationshipsOf(doc, id("libc6"))).toEqual([`SPDXRef-Subject CONTAINS ${id("libc6")}`]);
  });

  it("sanitises SPDXIDs but keeps names and versions as found", () => {
    const doc = render(AWKWARD_INVENTORY);
    const scoped = byName(doc, "@scope/a&b<c>");
    expect(scoped.SPDXID).toBe("SPDXRef-Package-scope-a-b-c-1.0.0-beta-exp.sha.5114f85-5");
    expect(byName(doc, "com.example:naïve's-lib").versionInfo).toBe("1.0 RC'1\"");
    expect(byName(doc, "weird\nname").externalRefs).toBeUndefined();
    expect(doc.packages.filter((p) => p.name === "left-pad")).toHaveLength(2);
    expect(doc.documentNamespace).toBe(
      "https://spdx.org/spdxdocs/bulwark-work-my-shop-caf-0f8fad5b-d9cb-469f-a165-70867728950e",
    );
  });

  it("falls back to the counter alone when nothing of the name survives sanitising", () => {
    const inv = {
      sources: [],
      packages: [{ ecosystem: "npm", name: "@/", version: "~", locations: [{ path: "package-lock.json" }] }],
      notes: [],
    };
    expect(render(inv).packages[1]!.SPDXID).toBe("SPDXRef-Package-1");
  });

  it("writes an empty inventory as a document describing only its subject", () => {
    const doc = JSON.parse(spdxJsonWriter.render(EMPTY_INVENTORY, { ...OPTIONS, documentName: "empty scan" }));
    expect(doc.name).toBe("empty scan");
    expect(doc.packages.map((p: SpdxPackage) => p.SPDXID)).toEqual(["SPDXRef-Subject"]);
    expect(doc.relationships).toHaveLength(1);
    expect(doc.comment).toBeUndefined();
  });
});

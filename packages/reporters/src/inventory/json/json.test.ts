import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { ALL_INVENTORIES, AWKWARD_INVENTORY, EMPTY_INVENTORY, IMAGE_INVENTORY, OPTIONS } from "../shared/testing.ts";
import { jsonWriter } from "./index.ts";

const schema = JSON.parse(readFileSync(join(import.meta.dirname, "inventory.schema.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
function render(inv = IMAGE_INVENTORY): any {
  return JSON.parse(jsonWriter.render(inv, OPTIONS));
}

describe("json inventory writer", () => {
  for (const [label, inv] of Object.entries(ALL_INVENTORIES)) {
    it(`writes the ${label} inventory valid against inventory.schema.json`, () => {
      const ok = validate(render(inv));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it("writes an empty inventory as three empty lists", () => {
    expect(jsonWriter.render(EMPTY_INVENTORY, OPTIONS)).toBe(
      '{\n  "sources": [],\n  "packages": [],\n  "notes": []\n}\n',
    );
  });

  it("keeps sources first, then packages sorted by ecosystem, name, version", () => {
    const doc = render();
    expect(Object.keys(doc)).toEqual(["sources", "packages", "notes"]);
    expect(doc.sources[0].image.tags).toEqual([
      "registry.example.com/shop/api:1.4.2",
      "registry.example.com/shop/api:latest",
    ]);
    expect(doc.packages).toHaveLength(17);
    // biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
    const coords = doc.packages.map((p: any) => `${p.ecosystem} ${p.name}`);
    expect(coords.slice(0, 5)).toEqual([
      "Debian:12 bash",
      "Debian:12 libc6",
      "Debian:12 libssl3",
      "Debian:12 zlib1g",
      "Go golang.org/x/net",
    ]);
    expect(coords.at(-1)).toBe("npm lodash");
    expect(coords.indexOf("npm @babel/core")).toBe(12);
  });

  it("writes every field of a package in a fixed order and leaves out what is unknown", () => {
    const libssl = render().packages.find((p: { name: string }) => p.name === "libssl3");
    expect(JSON.stringify(libssl)).toBe(
      JSON.stringify({
        ecosystem: "Debian:12",
        name: "libssl3",
        version: "3.0.11-1~deb12u2",
        purl: "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
        locations: [{ path: "var/lib/dpkg/status", line: 1204 }],
        layer: "sha256:8a1a1a0f2e4b4f5c6d7e8f90112233445566778899aabbccddeeff0011223344",
        sourceName: "openssl",
        sourceVersion: "3.0.11-1~deb12u2",
      }),
    );
    const babel = render().packages.find((p: { name: string }) => p.name === "@babel/core");
    expect(babel).toMatchObject({ relation: "direct", scope: "dev", purl: "pkg:npm/%40babel/core@7.23.2" });
  });

  it("sorts notes by path and keeps their line", () => {
    expect(render().notes).toEqual([
      { code: "BULWARK_EXTRACT_PARSE_FAILED", path: "srv/broken/yarn.lock", message: "unexpected token at line 4" },
      {
        code: "BULWARK_EXTRACT_UNPINNED",
        path: "srv/tools/requirements.txt",
        message: "flask>=2.0 has no exact version",
        line: 9,
      },
    ]);
  });

  it("drops the default prod scope, keeps duplicates apart and omits a purl no ecosystem defines", () => {
    const doc = render(AWKWARD_INVENTORY);
    const scoped = doc.packages.find((p: { name: string }) => p.name === "@scope/a&b<c>");
    expect(scoped.scope).toBeUndefined();
    expect(scoped.purl).toBe("pkg:npm/%40scope/a%26b%3Cc%3E@1.0.0-beta+exp.sha.5114f85");
    const leftPads = doc.packages.filter((p: { name: string }) => p.name === "left-pad");
    expect(leftPads.map((p: { relation: string }) => p.relation)).toEqual(["direct", "transitive"]);
    const weird = doc.packages.find((p: { ecosystem: string }) => p.ecosystem === "Hackage-like");
    expect(weird.name).toBe("weird\nname");
    expect("purl" in weird).toBe(false);
  });

  it("fills in the purl when the extractor left it out", () => {
    const inv = {
      sources: [],
      packages: [{ ecosystem: "PyPI", name: "Django", version: "4.2.7", locations: [{ path: "requirements.txt" }] }],
      notes: [],
    };
    expect(render(inv).packages[0].purl).toBe("pkg:pypi/django@4.2.7");
  });

  it("omits the purl, without failing, when the name is not valid in a purl", () => {
    const inv = {
      sources: [],
      packages: [
        { ecosystem: "npm", name: "@/", version: "1.0.0", locations: [{ path: "package-lock.json", line: 4 }] },
      ],
      notes: [],
    };
    const doc = render(inv);
    expect(doc.packages[0]).toEqual({
      ecosystem: "npm",
      name: "@/",
      version: "1.0.0",
      locations: [{ path: "package-lock.json", line: 4 }],
    });
    expect(validate(doc)).toBe(true);
  });

  it("rejects documents that break the schema", () => {
    const bad = render();
    bad.packages[0].locations = [];
    bad.packages[1].scope = "prod";
    bad.extra = true;
    expect(validate(bad)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath).sort();
    expect(paths).toEqual(["", "/packages/0/locations", "/packages/1/scope"]);
  });
});

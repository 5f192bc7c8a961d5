import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hasSharedData, SHARED_DATA } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import type { ExtractedPackage } from "../../types.ts";
import { cyclonedxXmlExtractor as extractor } from "./index.ts";
import { decodeXmlText, MAX_DEPTH } from "./read-bom.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const fixtures = diskRoot(FIXTURES);
const run = (name: string) => runExtractor(extractor, fixtures, name);
const find = (pkgs: readonly ExtractedPackage[], name: string, version?: string) =>
  pkgs.find((p) => p.name === name && (version === undefined || p.version === version));

/** Distinct purls of a parsed JSON `components` tree: what the XML twin of the BOM must give. */
function purlsOf(components: { purl: string; components?: unknown[] }[], into = new Set<string>()): Set<string> {
  for (const c of components) {
    into.add(c.purl);
    if (c.components) purlsOf(c.components as typeof components, into);
  }
  return into;
}

const xml = (body: string, ns = "1.5") =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/${ns}" version="1">\n${body}\n</bom>\n`;

describe("sbom/cyclonedx-xml file names", () => {
  it("takes bom.xml, bom.<v>.xml, *.bom.xml and *.cdx.xml only", () => {
    for (const p of ["bom.xml", "x/bom.1.1.xml", "app.bom.xml", "app.cdx.xml", "BOM.XML"]) {
      expect(extractor.fileRequired(p), p).toBe(true);
    }
    for (const p of ["pom.xml", "bom.json", "bom/pom.xml", "sbom.xml.bak"])
      expect(extractor.fileRequired(p), p).toBe(false);
  });

  it("detects the CycloneDX namespace", () => {
    expect(extractor.detect?.('<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.4">')).toBe(true);
    expect(extractor.detect?.("<project><modelVersion>4.0.0</modelVersion>")).toBe(false);
  });
});

describe("sbom/cyclonedx-xml on real SBOMs", () => {
  it("reads the nested juice-shop BOM (spec 1.4) exactly as the JSON extractor reads its JSON twin", async () => {
    const { packages, notes } = await run("juice-shop-bare.bom.1.4.xml");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(47);
    expect(find(packages, "semver", "6.3.0")).toEqual({
      ecosystem: "npm",
      name: "semver",
      version: "6.3.0",
      purl: "pkg:npm/semver@6.3.0",
      locations: [{ path: "juice-shop-bare.bom.1.4.xml", line: 601 }],
      relation: "transitive",
    });
    expect(find(packages, "body-parser")).toMatchObject({ relation: "direct", locations: [{ line: 1633 }] });
    expect(find(packages, "@gar/promisify")).toMatchObject({ scope: "optional", relation: "transitive" });
    const direct = packages.filter((p) => p.relation === "direct").map((p) => p.name);
    expect(direct.sort()).toEqual(["body-parser", "check-dependencies", "colors", "cors"]);
    expect(find(packages, "juice-shop")).toBeUndefined();
  });

  it("reads schema 1.1 with CDATA values (laravel, Composer)", async () => {
    const { packages, notes } = await run("laravel-7.12.0.bom.1.1.xml");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(62);
    expect(find(packages, "laravel/framework")).toEqual({
      ecosystem: "Packagist",
      name: "laravel/framework",
      version: "v7.30.6",
      purl: "pkg:composer/laravel/framework@v7.30.6",
      locations: [{ path: "laravel-7.12.0.bom.1.1.xml", line: 342 }],
    });
  });

  it("gives the same packages as the JSON of the same BOM (cern lhc-vdm-editor)", async () => {
    const { packages, notes } = await run("cern-lhc-vdm-editor.bom.xml");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(43);
    const json = JSON.parse(
      readFileSync(join(FIXTURES, "../../cyclonedx-json/fixtures/cern-lhc-vdm-editor.bom.json"), "utf8"),
    );
    const jsonPurls = (json.components as { purl: string }[]).map((c) => c.purl).sort();
    expect(packages.map((p) => p.purl).sort()).toEqual(jsonPurls);
    expect(find(packages, "puppeteer")?.locations).toEqual([{ path: "cern-lhc-vdm-editor.bom.xml", line: 38 }]);
  });
});

describe("sbom/cyclonedx-xml edge cases", () => {
  it("never expands entities: a DOCTYPE with an external entity is refused, no file is read", async () => {
    const text = `<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name>&x;</name><purl>pkg:npm/a@1.0.0</purl></component></components></bom>`;
    const result = await runOnText(extractor, "bom.xml", text);
    expect(result).toEqual({
      packages: [],
      notes: [
        {
          code: "BULWARK_EXTRACT_PARSE_FAILED",
          path: "bom.xml",
          message: "DOCTYPE and ENTITY declarations are not allowed in a BOM",
          line: 2,
        },
      ],
    });
    expect(JSON.stringify(result)).not.toContain("root:");
  });

  it("refuses internal entities too (no billion laughs)", async () => {
    const text = `<!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>`;
    const { notes } = await runOnText(extractor, "bom.xml", text);
    expect(notes.map((n) => [n.code, n.line])).toEqual([["BULWARK_EXTRACT_PARSE_FAILED", 1]]);
  });

  it("decodes predefined entities and character references in values, and finds the line of the raw text", async () => {
    expect(decodeXmlText("a&amp;b&lt;&#65;&#x42;&unknown;")).toBe("a&b<AB&unknown;");
    const text = xml(
      `<components>\n  <component type="library" bom-ref="x">\n    <name>zlib</name>\n    <purl>pkg:apk/alpine/zlib@1.2.11-r3?arch=x86_64&amp;distro=3.15.0</purl>\n  </component>\n</components>`,
    );
    const { packages, notes } = await runOnText(extractor, "bom.xml", text);
    expect(notes).toEqual([]);
    expect(packages).toEqual([
      {
        ecosystem: "Alpine:v3.15",
        name: "zlib",
        version: "1.2.11-r3",
        purl: "pkg:apk/alpine/zlib@1.2.11-r3?arch=x86_64&distro=3.15.0",
        locations: [{ path: "bom.xml", line: 6 }],
      },
    ]);
  });

  it("reads dependencies, nested components and scopes like the JSON reader", async () => {
    const text = xml(`<metadata><component type="application" bom-ref="app"><name>app</name>
  <components><component type="library" bom-ref="in"><name>inner</name><version>2.0.0</version><purl>pkg:npm/inner@2.0.0</purl></component></components>
</component></metadata>
<components>
  <component type="library" bom-ref="l"><name>lodash</name><version>4.17.21</version><scope>optional</scope><purl>pkg:npm/lodash@4.17.21</purl>
    <components><component type="library" bom-ref="j"><name>jest</name><scope>excluded</scope><purl>pkg:npm/jest@29.0.0</purl></component></components>
  </component>
  <component type="file"><name>README</name></component>
</components>
<dependencies><dependency ref="app"><dependency ref="l"/></dependency><dependency ref="l"/></dependencies>`);
    const { packages, notes } = await runOnText(extractor, "bom.xml", text);
    expect(packages.map((p) => [p.name, p.version, p.relation, p.scope, p.locations[0]?.line])).toEqual([
      ["inner", "2.0.0", "transitive", undefined, 4],
      ["lodash", "4.17.21", "direct", "optional", 7],
      ["jest", "29.0.0", "transitive", "dev", 8],
    ]);
    expect(notes.map((n) => n.message)).toEqual(["1 component has no package URL Bulwark can map (README)"]);
  });

  it("stops at the nesting limit with a note", async () => {
    let inner = "";
    for (let i = MAX_DEPTH + 3; i >= 0; i--) {
      inner = `<component type="library"><name>n${i}</name><purl>pkg:npm/n${i}@1.0.0</purl>${inner ? `<components>${inner}</components>` : ""}</component>`;
    }
    const { packages, notes } = await runOnText(extractor, "bom.xml", xml(`<components>${inner}</components>`));
    expect(packages).toHaveLength(MAX_DEPTH);
    expect(notes.map((n) => n.message)).toEqual([
      `1 component subtree(s) nested deeper than ${MAX_DEPTH} levels; skipped`,
    ]);
    const tooDeep = `<components>${"<component><components>".repeat(200)}${"</components></component>".repeat(200)}</components>`;
    const parsed = await runOnText(extractor, "bom.xml", xml(tooDeep));
    expect(parsed.notes.map((n) => n.message)).toEqual(["not well-formed XML: Error: Maximum nested tags exceeded"]);
  });

  it("turns malformed XML and foreign documents into notes", async () => {
    const cases: [string, string, string, number | undefined][] = [
      [xml("<components><component></components>"), "BULWARK_EXTRACT_PARSE_FAILED", "not well-formed XML: ", 3],
      [
        "<project><modelVersion>4.0.0</modelVersion></project>",
        "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
        "not a CycloneDX BOM",
        undefined,
      ],
      [xml("", "2.0"), "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", "CycloneDX schema 2.0 is not 1.x", undefined],
      [
        '<other xmlns="http://cyclonedx.org/schema/bom/1.4"/>',
        "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
        "not a CycloneDX BOM (the root element is not <bom>)",
        undefined,
      ],
    ];
    for (const [text, code, message, line] of cases) {
      const { packages, notes } = await runOnText(extractor, "bom.xml", text);
      expect(packages).toEqual([]);
      expect(notes).toHaveLength(1);
      expect(notes[0]?.code).toBe(code);
      expect(notes[0]?.line).toBe(line);
      expect(notes[0]?.message.startsWith(message), notes[0]?.message).toBe(true);
    }
  });

  it("reads an empty BOM as no packages and no notes", async () => {
    expect(await runOnText(extractor, "bom.xml", xml("<components/>"))).toEqual({ packages: [], notes: [] });
  });
});

describe.skipIf(!hasSharedData)("sbom/cyclonedx-xml on the full shared SBOMs", () => {
  const shared = diskRoot(join(SHARED_DATA, "sboms/cyclonedx"));

  it("juice-shop 14.1.1 XML (specs 1.2–1.4, nested and flat): the 978 distinct purls of its JSON twin", async () => {
    for (const layout of ["bare", "flat"]) {
      for (const spec of ["1.2", "1.3", "1.4"]) {
        const { packages, notes } = await runExtractor(
          extractor,
          shared,
          `juice-shop/via_npm/${layout}/bom.${spec}.xml`,
        );
        const json = JSON.parse(
          readFileSync(join(SHARED_DATA, `sboms/cyclonedx/juice-shop/via_npm/${layout}/bom.${spec}.json`), "utf8"),
        );
        expect(notes).toEqual([]);
        expect(packages).toHaveLength(978);
        expect(packages.map((p) => p.purl).sort()).toEqual([...purlsOf(json.components)].sort());
        expect(packages.filter((p) => p.relation === "direct")).toHaveLength(71);
        expect(packages.filter((p) => p.scope === "optional")).toHaveLength(57);
      }
    }
  });

  it("juice-shop 11.1.2 XML: 840 packages", async () => {
    const { packages, notes } = await runExtractor(extractor, shared, "juice-shop/v11.1.2/bom.xml");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(840);
  });
});

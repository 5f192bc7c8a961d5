import { readdirSync } from "node:fs";
import { join } from "node:path";
import { hasSharedData, SHARED_DATA } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import type { ExtractedPackage } from "../../types.ts";
import { spdxJsonExtractor as extractor } from "./index.ts";

const fixtures = diskRoot(join(import.meta.dirname, "fixtures"));
const run = (name: string) => runExtractor(extractor, fixtures, name);
const find = (pkgs: readonly ExtractedPackage[], name: string) => pkgs.find((p) => p.name === name);

describe("sbom/spdx-json file names", () => {
  it("takes *.spdx.json, spdx.json and *.spdx3.json", () => {
    for (const p of ["spdx.json", "out/app.spdx.json", "sbom.spdx3.json", "X.SPDX.JSON"]) {
      expect(extractor.fileRequired(p), p).toBe(true);
    }
    for (const p of ["bom.json", "package.json", "app.spdx", "spdx.json/x"])
      expect(extractor.fileRequired(p), p).toBe(false);
  });

  it("detects an SPDX JSON document by spdxVersion", () => {
    expect(extractor.detect?.('{\n  "spdxVersion": "SPDX-2.3",')).toBe(true);
    expect(extractor.detect?.('{"bomFormat": "CycloneDX"}')).toBe(false);
  });
});

describe("sbom/spdx-json on real documents", () => {
  it("reads direct, transitive and test dependencies from relationships (spdx-examples example9, SPDX 2.2)", async () => {
    const { packages, notes } = await run("appbomination.spdx.json");
    expect(packages.map((p) => [p.name, p.version, p.relation, p.scope])).toEqual([
      ["org.hamcrest:hamcrest-core", "1.3", "transitive", undefined],
      ["org.apache.commons:commons-lang3", "3.4", "direct", undefined],
      ["junit:junit", "4.12", "direct", "dev"],
      ["org.slf4j:slf4j-api", "1.7.21", "direct", undefined],
    ]);
    expect(find(packages, "junit:junit")).toEqual({
      ecosystem: "Maven",
      name: "junit:junit",
      version: "4.12",
      purl: "pkg:maven/junit/junit@4.12",
      locations: [{ path: "appbomination.spdx.json", line: 119 }],
      relation: "direct",
      scope: "dev",
    });
    // The described App-BOM-ination package is the subject; Gradle and a proprietary file have no purl.
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
        path: "appbomination.spdx.json",
        message: "2 packages have no package URL Bulwark can map (Gradle, Faust Proprietary File)",
      },
    ]);
  });

  it("treats what the described package DEPENDS_ON as direct (example11, SPDX 2.3, crates)", async () => {
    const { packages, notes } = await run("hello-server.spdx.json");
    expect(notes).toEqual([]);
    expect(packages).toEqual([
      {
        ecosystem: "crates.io",
        name: "hyper",
        version: "0.14",
        purl: "pkg:cargo/hyper@0.14",
        locations: [{ path: "hello-server.spdx.json", line: 55 }],
        relation: "direct",
      },
      {
        ecosystem: "crates.io",
        name: "tokio",
        version: "1.19.2",
        purl: "pkg:cargo/tokio@1.19.2",
        locations: [{ path: "hello-server.spdx.json", line: 78 }],
        relation: "direct",
      },
      {
        ecosystem: "crates.io",
        name: "pretty_env_logger",
        version: "0.4.0",
        purl: "pkg:cargo/pretty_env_logger@0.4.0",
        locations: [{ path: "hello-server.spdx.json", line: 101 }],
        relation: "direct",
      },
    ]);
  });

  it("reads a Trivy container SBOM (no DESCRIBES, so no relation), mixing OS and language packages", async () => {
    const { packages, notes } = await run("trivy-container.spdx.json");
    expect(packages.map((p) => [p.ecosystem, p.name, p.version])).toEqual([
      ["Packagist", "pear/log", "1.13.1"],
      ["Maven", "org.codehaus.mojo:child-project", "1.0"],
      ["Packagist", "pear/pear_exception", "v1.0.0"],
      ["npm", "bootstrap", "5.0.2"],
      ["Go", "github.com/package-url/packageurl-go", "0.1.1-0.20220203205134-d70459300c8a"],
      ["Alpine:v3.16", "musl", "1.2.3-r0"],
    ]);
    expect(packages.every((p) => p.relation === undefined)).toBe(true);
    expect(find(packages, "musl")?.locations).toEqual([{ path: "trivy-container.spdx.json", line: 155 }]);
    expect(notes.map((n) => n.message)).toEqual([
      "6 packages have no package URL Bulwark can map (Java, Node.js, app/gobinary/gobinary, …)",
    ]);
  });

  it("gives FORMAT_UNSUPPORTED for SPDX 3 JSON-LD", async () => {
    expect(await run("example13.spdx3.json")).toEqual({
      packages: [],
      notes: [
        {
          code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
          path: "example13.spdx3.json",
          message: "SPDX 3 (JSON-LD) documents are not read; use SPDX 2.3",
        },
      ],
    });
  });
});

describe("sbom/spdx-json edge cases", () => {
  const doc = (body: object) =>
    JSON.stringify({ spdxVersion: "SPDX-2.3", SPDXID: "SPDXRef-DOCUMENT", ...body }, null, 2);
  const pkg = (id: string, purl: string | undefined, extra: object = {}) => ({
    SPDXID: id,
    name: id,
    ...(purl
      ? { externalRefs: [{ referenceCategory: "PACKAGE_MANAGER", referenceType: "purl", referenceLocator: purl }] }
      : {}),
    ...extra,
  });

  it("uses documentDescribes, the first mappable purl, versionInfo as fallback, and merges repeats", async () => {
    const text = doc({
      documentDescribes: ["SPDXRef-root"],
      packages: [
        pkg("SPDXRef-root", "pkg:github/acme/app@main"),
        {
          ...pkg("SPDXRef-a", undefined),
          externalRefs: [
            {
              referenceCategory: "SECURITY",
              referenceType: "cpe23Type",
              referenceLocator: "cpe:2.3:a:x:y:1:*:*:*:*:*:*:*",
            },
            {
              referenceCategory: "PACKAGE-MANAGER",
              referenceType: "purl",
              referenceLocator: "pkg:github/qt/qtbase@ce5f43",
            },
            { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: "pkg:pypi/Django" },
          ],
          versionInfo: "4.2.1",
        },
        pkg("SPDXRef-b", "pkg:npm/left-pad@1.3.0"),
        pkg("SPDXRef-c", "pkg:npm/left-pad@1.3.0"),
        pkg("SPDXRef-d", "pkg:npm/nover", { versionInfo: "NOASSERTION" }),
      ],
      relationships: [
        { spdxElementId: "SPDXRef-root", relationshipType: "DEPENDS_ON", relatedSpdxElement: "SPDXRef-a" },
        { spdxElementId: "SPDXRef-b", relationshipType: "OPTIONAL_DEPENDENCY_OF", relatedSpdxElement: "SPDXRef-a" },
        { spdxElementId: "SPDXRef-root", relationshipType: "CONTAINS", relatedSpdxElement: "SPDXRef-c" },
      ],
    });
    const { packages, notes } = await runOnText(extractor, "x.spdx.json", text);
    expect(packages.map((p) => [p.ecosystem, p.name, p.version, p.relation, p.scope, p.locations.length])).toEqual([
      ["PyPI", "django", "4.2.1", "direct", undefined, 1],
      // optional under one parent, a runtime part of the subject under another: runtime, and direct.
      ["npm", "left-pad", "1.3.0", "direct", undefined, 2],
    ]);
    expect(find(packages, "django")?.purl).toBe("pkg:pypi/Django");
    expect(notes.map((n) => [n.code, n.message])).toEqual([
      ["BULWARK_EXTRACT_UNPINNED", "package SPDXRef-d has no version"],
    ]);
    expect(notes[0]?.line).toBeGreaterThan(1);
  });

  it("keeps described packages that have no dependencies of their own (documents that describe everything)", async () => {
    const text = doc({
      packages: [
        pkg("SPDXRef-a", "pkg:golang/golang.org/x/text@v0.3.7"),
        pkg("SPDXRef-b", "pkg:golang/rsc.io/quote@v1.5.2"),
      ],
      relationships: [
        { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: "SPDXRef-a" },
        { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: "SPDXRef-b" },
      ],
    });
    const { packages } = await runOnText(extractor, "x.spdx.json", text);
    expect(packages.map((p) => [p.name, p.version, p.relation])).toEqual([
      ["golang.org/x/text", "0.3.7", undefined],
      ["rsc.io/quote", "1.5.2", undefined],
    ]);
  });

  it("turns malformed JSON, wrong types and other versions into notes", async () => {
    const cases: [string, string, string][] = [
      ['{"spdxVersion": ', "BULWARK_EXTRACT_PARSE_FAILED", "not valid JSON: "],
      ['"SPDX-2.3"', "BULWARK_EXTRACT_PARSE_FAILED", "not a JSON object"],
      ['{"spdxVersion": "SPDX-1.2"}', "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", 'spdxVersion "SPDX-1.2" is not SPDX-2.x'],
      ['{"packages": []}', "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", "spdxVersion undefined is not SPDX-2.x"],
      [doc({ packages: 5 }), "BULWARK_EXTRACT_PARSE_FAILED", "`packages` is not an array"],
      [
        '{"@context": ["https://spdx.org/rdf/3.0.1/spdx-context.jsonld"], "@graph": []}',
        "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
        "SPDX 3 (JSON-LD) documents are not read",
      ],
    ];
    for (const [text, code, message] of cases) {
      const { packages, notes } = await runOnText(extractor, "x.spdx.json", text);
      expect(packages).toEqual([]);
      expect(notes).toHaveLength(1);
      expect(notes[0]?.code).toBe(code);
      expect(notes[0]?.message.startsWith(message), notes[0]?.message).toBe(true);
    }
  });

  it("skips wrongly typed entries with a note and keeps the rest", async () => {
    const text = doc({
      packages: [null, pkg("SPDXRef-a", "pkg:npm/ok@1.0.0"), { SPDXID: 3, externalRefs: "x" }],
      relationships: [{ spdxElementId: 1 }],
    });
    const { packages, notes } = await runOnText(extractor, "x.spdx.json", text);
    expect(packages.map((p) => p.name)).toEqual(["ok"]);
    expect(notes.map((n) => n.message)).toEqual([
      "1 `packages` entries are not objects; skipped",
      "1 `relationships` entries are malformed; skipped",
      "1 package has no package URL Bulwark can map ((unnamed))",
    ]);
  });
});

describe.skipIf(!hasSharedData)("sbom/spdx-json on every SPDX example", () => {
  const root = join(SHARED_DATA, "examples/spdx/software");
  const shared = diskRoot(root);

  it("reads every 2.x JSON example without a parse failure, and refuses every SPDX 3 one", async () => {
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => extractor.fileRequired(f));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const { notes } = await runExtractor(extractor, shared, f);
      expect(
        notes.filter((n) => n.code === "BULWARK_EXTRACT_PARSE_FAILED"),
        f,
      ).toEqual([]);
      if (f.endsWith(".spdx3.json")) expect(notes[0]?.message, f).toContain("SPDX 3");
    }
  });
});

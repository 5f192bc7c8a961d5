import { readdirSync } from "node:fs";
import { join } from "node:path";
import { hasSharedData, SHARED_DATA } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { spdxTagValueExtractor as extractor } from "./index.ts";

const fixtures = diskRoot(join(import.meta.dirname, "fixtures"));
const run = (name: string) => runExtractor(extractor, fixtures, name);

const HEADER = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n";

describe("sbom/spdx-tag-value file names", () => {
  it("takes *.spdx only", () => {
    for (const p of ["sbom.spdx", "a/b/app.SPDX"]) expect(extractor.fileRequired(p), p).toBe(true);
    for (const p of ["x.spdx.json", "spdx", "x.spdx/readme"]) expect(extractor.fileRequired(p), p).toBe(false);
  });

  it("detects the SPDXVersion tag", () => {
    expect(extractor.detect?.(HEADER)).toBe(true);
    expect(extractor.detect?.('{"spdxVersion": "SPDX-2.3"}')).toBe(false);
  });
});

describe("sbom/spdx-tag-value on real documents", () => {
  it("reads a syft image SBOM: apk and Maven purls, the PackageName line, repeats merged", async () => {
    const { packages, notes } = await run("syft-image.spdx");
    expect(notes).toEqual([]);
    expect(packages).toEqual([
      {
        ecosystem: "Alpine:v3.12",
        name: "busybox",
        version: "1.31.1-r19",
        purl: "pkg:apk/alpine/busybox@1.31.1-r19?arch=x86_64&upstream=busybox&distro=alpine-3.12.5",
        locations: [{ path: "syft-image.spdx", line: 12 }],
      },
      {
        ecosystem: "Maven",
        name: "com.mycompany.app:my-app",
        version: "1",
        purl: "pkg:maven/com.mycompany.app/my-app@1",
        locations: [
          { path: "syft-image.spdx", line: 28 },
          { path: "syft-image.spdx", line: 57 },
        ],
      },
      {
        ecosystem: "Maven",
        name: "original-my-app:original-my-app",
        version: "1",
        purl: "pkg:maven/original-my-app/original-my-app@1",
        locations: [{ path: "syft-image.spdx", line: 85 }],
      },
    ]);
  });

  it("reads a syft go.mod SBOM: the described root CONTAINS the module, so it is direct", async () => {
    const { packages, notes } = await run("syft-go-mod.spdx");
    expect(notes).toEqual([]);
    expect(packages).toEqual([
      {
        ecosystem: "Go",
        name: "github.com/wagoodman/go-partybus",
        version: "0.0.0-20230516145632-8ccac152c651",
        purl: "pkg:golang/github.com/wagoodman/go-partybus@v0.0.0-20230516145632-8ccac152c651",
        locations: [{ path: "syft-go-mod.spdx", line: 31 }],
        relation: "direct",
      },
    ]);
  });

  it("skips multi-line <text> values (spdx-examples example6, SPDX 2.2) and finds no purl-bearing package", async () => {
    expect(await run("example6-bin.spdx")).toEqual({ packages: [], notes: [] });
  });
});

describe("sbom/spdx-tag-value edge cases", () => {
  it("does not read tags inside a <text> block, and takes PACKAGE_MANAGER as well as PACKAGE-MANAGER", async () => {
    const text = `${HEADER}
PackageName: real
SPDXID: SPDXRef-real
PackageVersion: 2.0.0
PackageComment: <text>Copied from upstream.
PackageName: fake
ExternalRef: PACKAGE-MANAGER purl pkg:npm/fake@6.6.6
</text>
ExternalRef: PACKAGE_MANAGER purl pkg:npm/real@2.0.0

FileName: ./index.js
SPDXID: SPDXRef-file
PackageName: after-file
PackageVersion: 1.0.0
ExternalRef: PACKAGE-MANAGER purl pkg:npm/after-file
PackageSummary: <text>one line</text>
`;
    const { packages, notes } = await runOnText(extractor, "x.spdx", text);
    expect(notes).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.locations[0]?.line])).toEqual([
      ["real", "2.0.0", 5],
      ["after-file", "1.0.0", 16],
    ]);
  });

  it("reads relationships for direct, transitive and dev packages", async () => {
    const text = `${HEADER}
PackageName: app
SPDXID: SPDXRef-app
ExternalRef: PACKAGE-MANAGER purl pkg:npm/app@1.0.0
PackageName: express
SPDXID: SPDXRef-express
ExternalRef: PACKAGE-MANAGER purl pkg:npm/express@4.18.2
PackageName: qs
SPDXID: SPDXRef-qs
ExternalRef: PACKAGE-MANAGER purl pkg:npm/qs@6.11.0
PackageName: jest
SPDXID: SPDXRef-jest
ExternalRef: PACKAGE-MANAGER purl pkg:npm/jest@29.7.0
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-app
Relationship: SPDXRef-app DEPENDS_ON SPDXRef-express
Relationship: SPDXRef-express DEPENDS_ON SPDXRef-qs
Relationship: SPDXRef-jest DEV_DEPENDENCY_OF SPDXRef-app
Relationship: SPDXRef-app DEPENDS_ON NOASSERTION
`;
    const { packages } = await runOnText(extractor, "x.spdx", text);
    expect(packages.map((p) => [p.name, p.relation, p.scope])).toEqual([
      ["express", "direct", undefined],
      ["qs", "transitive", undefined],
      ["jest", "direct", "dev"],
    ]);
  });

  it("notes an unclosed <text>, a missing or foreign SPDXVersion, and packages it cannot map", async () => {
    expect(
      (await runOnText(extractor, "x.spdx", `${HEADER}PackageName: a\nPackageComment: <text>never closed\n`)).notes,
    ).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "x.spdx",
        message: "a <text> value is never closed with </text>",
        line: 5,
      },
    ]);
    expect((await runOnText(extractor, "x.spdx", "hello world\n")).notes.map((n) => n.code)).toEqual([
      "BULWARK_EXTRACT_PARSE_FAILED",
    ]);
    expect((await runOnText(extractor, "x.spdx", "SPDXVersion: SPDX-3.0\n")).notes.map((n) => n.message)).toEqual([
      "SPDXVersion SPDX-3.0 is not SPDX-2.x",
    ]);
    const noPurl = await runOnText(extractor, "x.spdx", `${HEADER}PackageName: hello\nSPDXID: SPDXRef-hello\n`);
    expect(noPurl.notes.map((n) => n.message)).toEqual(["1 package has no package URL Bulwark can map (hello)"]);
  });
});

describe.skipIf(!hasSharedData)("sbom/spdx-tag-value on every SPDX 2.2 tag-value example", () => {
  const root = join(SHARED_DATA, "examples/spdx/software");

  it("parses all of them without a parse failure", async () => {
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => extractor.fileRequired(f));
    expect(files).toHaveLength(12);
    for (const f of files) {
      const { packages, notes } = await runExtractor(extractor, diskRoot(root), f);
      expect(packages, f).toEqual([]);
      expect(
        notes.filter((n) => n.code === "BULWARK_EXTRACT_PARSE_FAILED"),
        f,
      ).toEqual([]);
    }
  });
});

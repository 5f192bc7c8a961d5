import { join } from "node:path";
import { hasSharedData, SHARED_DATA } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import type { ExtractedPackage } from "../../types.ts";
import { cyclonedxJsonExtractor as extractor } from "./index.ts";
import { MAX_DEPTH } from "./read-bom.ts";

const fixtures = diskRoot(join(import.meta.dirname, "fixtures"));
const run = (name: string) => runExtractor(extractor, fixtures, name);
const find = (pkgs: readonly ExtractedPackage[], name: string, version?: string) =>
  pkgs.find((p) => p.name === name && (version === undefined || p.version === version));

describe("sbom/cyclonedx-json file names", () => {
  it("takes the names CycloneDX tools write, by base name only", () => {
    for (const p of ["bom.json", "a/b/bom.1.4.json", "x.cdx.json", "app.bom.json", "sbom.json", "img.sbom.json"]) {
      expect(extractor.fileRequired(p), p).toBe(true);
    }
    expect(extractor.fileRequired("cyclonedx.json")).toBe(true);
    for (const p of ["package.json", "bom.xml", "bom/package.json", "x.spdx.json", "notabom.json"]) {
      expect(extractor.fileRequired(p), p).toBe(false);
    }
  });

  it("detects a CycloneDX document by its bomFormat", () => {
    expect(extractor.detect?.('{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.5"')).toBe(true);
    expect(extractor.detect?.('{"spdxVersion": "SPDX-2.3"}')).toBe(false);
  });
});

describe("sbom/cyclonedx-json on real SBOMs", () => {
  it("reads the nested juice-shop BOM (cyclonedx-npm, spec 1.4): every purl, nested levels included", async () => {
    const { packages, notes } = await run("juice-shop-bare.bom.1.4.json");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(47);
    // Two levels down: @mapbox/node-pre-gyp > make-dir > semver 6.3.0, next to the top-level semver 5.7.1.
    expect(find(packages, "semver", "6.3.0")).toEqual({
      ecosystem: "npm",
      name: "semver",
      version: "6.3.0",
      purl: "pkg:npm/semver@6.3.0",
      locations: [{ path: "juice-shop-bare.bom.1.4.json", line: 826 }],
      relation: "transitive",
    });
    expect(find(packages, "semver", "5.7.1")?.locations).toEqual([
      { path: "juice-shop-bare.bom.1.4.json", line: 2349 },
    ]);
    expect(find(packages, "ansi-regex")?.locations[0]?.line).toBe(527);
  });

  it("takes direct dependencies from the subject's entry in dependencies[] and scope from the component", async () => {
    const { packages } = await run("juice-shop-bare.bom.1.4.json");
    const direct = packages.filter((p) => p.relation === "direct").map((p) => p.name);
    expect(direct.sort()).toEqual(["body-parser", "check-dependencies", "colors", "cors"]);
    expect(find(packages, "body-parser")?.locations).toEqual([{ path: "juice-shop-bare.bom.1.4.json", line: 2250 }]);
    expect(find(packages, "@gar/promisify")).toMatchObject({
      purl: "pkg:npm/%40gar/promisify@1.1.3",
      scope: "optional",
      relation: "transitive",
    });
    expect(packages.filter((p) => p.scope === "optional")).toHaveLength(1);
    // The subject (metadata.component, juice-shop itself) is not a package.
    expect(find(packages, "juice-shop")).toBeUndefined();
  });

  it("maps Go purls: version without v, the SBOM's purl kept", async () => {
    const { packages, notes } = await run("proton-bridge-v1.8.0.bom.json");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(40);
    expect(packages[0]).toEqual({
      ecosystem: "Go",
      name: "github.com/0xAX/notificator",
      version: "0.0.0-20191016112426-3962a5ea8da1",
      purl: "pkg:golang/github.com/0xAX/notificator@v0.0.0-20191016112426-3962a5ea8da1",
      locations: [{ path: "proton-bridge-v1.8.0.bom.json", line: 49 }],
      relation: "direct",
    });
    // scope "required" is the default: no scope in the output.
    expect(packages.every((p) => p.scope === undefined)).toBe(true);
    expect(packages.filter((p) => p.relation === "direct")).toHaveLength(14);
  });

  it("leaves relation out when the BOM has no dependency graph", async () => {
    const { packages, notes } = await run("cern-lhc-vdm-editor.bom.json");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(43);
    expect(find(packages, "puppeteer")).toEqual({
      ecosystem: "npm",
      name: "puppeteer",
      version: "1.19.0",
      purl: "pkg:npm/puppeteer@1.19.0",
      locations: [{ path: "cern-lhc-vdm-editor.bom.json", line: 48 }],
    });
  });

  it("gives one note for components without a mappable purl (a CBOM, spec 1.6)", async () => {
    const { packages, notes } = await run("cbom-algorithm.bom.json");
    expect(packages).toEqual([]);
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
        path: "cbom-algorithm.bom.json",
        message: "2 components have no package URL Bulwark can map (AES-128-GCM, SHA512withRSA)",
      },
    ]);
  });
});

describe("sbom/cyclonedx-json edge cases", () => {
  const bom = (body: object) => JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", ...body }, null, 2);

  it("reads the subject's nested components, skips a copy of the subject and merges repeated packages", async () => {
    const text = bom({
      metadata: {
        component: {
          "bom-ref": "app",
          name: "app",
          purl: "pkg:npm/app@1.0.0",
          components: [{ name: "inner", version: "2.0.0", purl: "pkg:npm/inner@2.0.0" }],
        },
      },
      components: [
        { "bom-ref": "app", name: "app", purl: "pkg:npm/app@1.0.0" },
        { "bom-ref": "a", name: "lodash", purl: "pkg:npm/lodash@4.17.21", scope: "excluded" },
        { "bom-ref": "b", name: "lodash", purl: "pkg:npm/lodash@4.17.21", scope: "optional" },
        { "bom-ref": "c", name: "jest", purl: "pkg:npm/jest@29.0.0", scope: "excluded" },
      ],
      dependencies: [{ ref: "app", dependsOn: ["b"] }],
    });
    const { packages, notes } = await runOnText(extractor, "bom.json", text);
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual(["inner@2.0.0", "lodash@4.17.21", "jest@29.0.0"]);
    // "excluded" (test/build only) is dev; two different non-prod scopes leave no scope.
    expect(find(packages, "jest")?.scope).toBe("dev");
    const lodash = find(packages, "lodash")!;
    expect(lodash.scope).toBeUndefined();
    expect(lodash.relation).toBe("direct");
    expect(lodash.locations.map((l) => l.line)).toEqual([27, 33]);
  });

  it("keeps the registry spelling the purl gives (crates, Maven), and falls back to the component version", async () => {
    const text = bom({
      components: [
        { name: "pretty_env_logger", purl: "pkg:cargo/pretty_env_logger@0.4.0" },
        { name: "Saxon-HE", purl: "pkg:maven/net.sf.saxon/Saxon-HE@9.9.1-7?type=jar" },
        { name: "left-pad", version: "1.3.0", purl: "pkg:npm/left-pad" },
      ],
    });
    const { packages } = await runOnText(extractor, "bom.json", text);
    expect(packages.map((p) => [p.ecosystem, p.name, p.version, p.purl])).toEqual([
      ["crates.io", "pretty_env_logger", "0.4.0", "pkg:cargo/pretty_env_logger@0.4.0"],
      ["Maven", "net.sf.saxon:Saxon-HE", "9.9.1-7", "pkg:maven/net.sf.saxon/Saxon-HE@9.9.1-7?type=jar"],
      ["npm", "left-pad", "1.3.0", "pkg:npm/left-pad"],
    ]);
  });

  it("notes a component with no version at all, and pkg:github / pkg:generic purls as unmappable", async () => {
    const text = bom({
      components: [
        { name: "left-pad", purl: "pkg:npm/left-pad" },
        { name: "libjpeg-turbo", purl: "pkg:github/libjpeg-turbo/libjpeg-turbo@3.1.3" },
        { name: "openssl", version: "3.0.0", purl: "pkg:generic/openssl@3.0.0" },
        { name: "firmware", version: "1" },
        { name: "zlib", purl: "pkg:apk/alpine/zlib@1.2.11-r3?distro=3.15.0" },
      ],
    });
    const { packages, notes } = await runOnText(extractor, "bom.json", text);
    expect(packages.map((p) => [p.ecosystem, p.name, p.version])).toEqual([["Alpine:v3.15", "zlib", "1.2.11-r3"]]);
    expect(notes).toEqual([
      { code: "BULWARK_EXTRACT_UNPINNED", path: "bom.json", message: "component left-pad has no version", line: 7 },
      {
        code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
        path: "bom.json",
        message: "3 components have no package URL Bulwark can map (libjpeg-turbo, openssl@3.0.0, firmware@1)",
      },
    ]);
  });

  it("stops at the nesting limit with a note instead of overflowing", async () => {
    let node: Record<string, unknown> = { name: "leaf", purl: "pkg:npm/leaf@1.0.0" };
    for (let i = 0; i < MAX_DEPTH + 5; i++) node = { name: `n${i}`, purl: `pkg:npm/n${i}@1.0.0`, components: [node] };
    const { packages, notes } = await runOnText(extractor, "bom.json", bom({ components: [node] }));
    expect(packages).toHaveLength(MAX_DEPTH);
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "bom.json",
        message: `1 component subtree(s) nested deeper than ${MAX_DEPTH} levels; skipped`,
      },
    ]);
  });

  it("turns malformed JSON, wrong types and other formats into notes", async () => {
    const cases: [string, string, string][] = [
      ['{"bomFormat": "CycloneDX", ', "BULWARK_EXTRACT_PARSE_FAILED", "not valid JSON: "],
      ["[1, 2]", "BULWARK_EXTRACT_PARSE_FAILED", "not a JSON object"],
      ['{"bomFormat": "SPDX"}', "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", 'not a CycloneDX BOM (bomFormat is "SPDX")'],
      [bom({ specVersion: "2.0" }), "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", 'CycloneDX specVersion "2.0" is not 1.x'],
      [bom({ components: 5 }), "BULWARK_EXTRACT_PARSE_FAILED", "`components` is not an array"],
      [bom({ metadata: { component: [] } }), "BULWARK_EXTRACT_PARSE_FAILED", "`metadata.component` is not an object"],
    ];
    for (const [text, code, message] of cases) {
      const { packages, notes } = await runOnText(extractor, "bom.json", text);
      expect(packages).toEqual([]);
      expect(notes).toHaveLength(1);
      expect(notes[0]?.code).toBe(code);
      expect(notes[0]?.message.startsWith(message), notes[0]?.message).toBe(true);
    }
  });

  it("skips wrongly typed entries with a note and keeps the rest", async () => {
    const text = bom({
      components: [7, { name: "a", purl: 5 }, { name: "ok", purl: "pkg:npm/ok@1.0.0", components: "x" }],
      dependencies: "nope",
    });
    const { packages, notes } = await runOnText(extractor, "bom.json", text);
    expect(packages.map((p) => p.name)).toEqual(["ok"]);
    expect(notes.map((n) => n.message)).toEqual([
      "`components` of ok is not an array; skipped",
      "1 component entries are not objects; skipped",
      "`dependencies` is not an array; skipped",
      "1 component has no package URL Bulwark can map (a)",
    ]);
  });
});

describe.skipIf(!hasSharedData)("sbom/cyclonedx-json on the full shared SBOMs", () => {
  const shared = diskRoot(join(SHARED_DATA, "sboms/cyclonedx"));

  it("juice-shop 14.1.1 (1,115 components, nested and flat, specs 1.2–1.4): the same 978 packages", async () => {
    const sets: string[][] = [];
    for (const layout of ["bare", "flat"]) {
      for (const spec of ["1.2", "1.3", "1.4"]) {
        const { packages, notes } = await runExtractor(
          extractor,
          shared,
          `juice-shop/via_npm/${layout}/bom.${spec}.json`,
        );
        expect(notes).toEqual([]);
        expect(packages).toHaveLength(978);
        expect(packages.filter((p) => p.relation === "direct")).toHaveLength(71);
        expect(packages.filter((p) => p.scope === "optional")).toHaveLength(57);
        sets.push(packages.map((p) => p.purl!).sort());
      }
    }
    for (const s of sets) expect(s).toEqual(sets[0]);
  });

  it("keycloak 10.0.2 (903 Maven components, one listed twice)", async () => {
    const { packages, notes } = await runExtractor(extractor, shared, "keycloak-10.0.2/bom.json");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(902);
    expect(find(packages, "org.bouncycastle:bcprov-jdk15on")).toMatchObject({
      ecosystem: "Maven",
      version: "1.62",
      purl: "pkg:maven/org.bouncycastle/bcprov-jdk15on@1.62?type=jar",
      locations: [{ path: "keycloak-10.0.2/bom.json", line: 60 }],
    });
  });

  it("juice-shop 11.1.2 (840) and protonmail webclient (883) components", async () => {
    expect((await runExtractor(extractor, shared, "juice-shop/v11.1.2/bom.json")).packages).toHaveLength(840);
    const proton = await runExtractor(extractor, shared, "protonmail-webclient-v4-0912dff/bom.json");
    expect(proton.notes).toEqual([]);
    expect(proton.packages).toHaveLength(883);
  });
});

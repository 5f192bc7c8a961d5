import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import type { ExtractedPackage } from "../../types.ts";
import { pnpmLockExtractor } from "./index.ts";
import { parsePackageKey } from "./keys.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const find = (pkgs: ExtractedPackage[], name: string) => pkgs.find((p) => p.name === name);
const summary = (pkgs: ExtractedPackage[]) =>
  Object.fromEntries(
    pkgs.map((p) => [`${p.name}@${p.version}`, `${p.relation}/${p.scope ?? "prod"}/${p.locations[0]?.line}`]),
  );

describe("npm/pnpm-lock", () => {
  it("wants pnpm-lock.yaml only", () => {
    expect(pnpmLockExtractor.fileRequired("pnpm-lock.yaml")).toBe(true);
    expect(pnpmLockExtractor.fileRequired("apps/x/pnpm-lock.yaml")).toBe(true);
    expect(pnpmLockExtractor.fileRequired("pnpm-workspace.yaml")).toBe(false);
    expect(pnpmLockExtractor.detect?.("lockfileVersion: '9.0'\n\nsettings:\n")).toBe(true);
    expect(pnpmLockExtractor.detect?.("lockfileVersion: 5.4\n")).toBe(true);
  });

  it("parses keys of every lockfile version and drops peer suffixes", () => {
    expect(parsePackageKey("/@babel/helper-compilation-targets/7.17.7_@babel+core@7.17.8")).toEqual({
      name: "@babel/helper-compilation-targets",
      version: "7.17.7",
    });
    expect(parsePackageKey("/acorn-jsx/5.3.2_acorn@8.7.1")).toEqual({ name: "acorn-jsx", version: "5.3.2" });
    expect(parsePackageKey("/@babel/helper-module-transforms@7.23.0(@babel/core@7.23.0)")).toEqual({
      name: "@babel/helper-module-transforms",
      version: "7.23.0",
    });
    expect(parsePackageKey("react-dom@19.2.4(react@19.2.4)")).toEqual({ name: "react-dom", version: "19.2.4" });
    expect(parsePackageKey("1.0.0-beta.27")).toBeUndefined();
    expect(parsePackageKey("local@file:../local")).toBeUndefined();
    expect(parsePackageKey("github.com/user/repo/0123456789abcdef")).toBeUndefined();
  });

  it("reads a real v5 workspace lockfile: importers, link: members, dev flags, peer suffixes", async () => {
    const r = await runExtractor(pnpmLockExtractor, root, "v5-workspace/pnpm-lock.yaml");
    expect(r.notes).toEqual([]);
    expect(summary(r.packages)).toEqual({
      "@eslint/eslintrc@1.2.3": "transitive/dev/71",
      "@jsdevtools/ez-spawn@3.0.4": "transitive/dev/88",
      "@nodelib/fs.scandir@2.1.5": "transitive/prod/98",
      "@nodelib/fs.stat@2.0.5": "transitive/prod/105",
      "@types/json-schema@7.0.11": "transitive/prod/109",
      "@typescript-eslint/eslint-plugin@5.22.0": "direct/prod/113",
      "@typescript-eslint/parser@5.22.0": "direct/prod/139",
      "acorn-jsx@5.3.2": "transitive/prod/158",
      "acorn@8.7.1": "transitive/prod/165",
      "balanced-match@1.0.2": "transitive/prod/170",
      "bumpp@7.1.1": "direct/dev/173",
      "debug@4.3.4": "transitive/prod/186",
    });
    expect(find(r.packages, "@typescript-eslint/parser")).toEqual({
      ecosystem: "npm",
      name: "@typescript-eslint/parser",
      version: "5.22.0",
      purl: "pkg:npm/%40typescript-eslint/parser@5.22.0",
      locations: [{ path: "v5-workspace/pnpm-lock.yaml", line: 139 }],
      relation: "direct",
    });
  });

  it("reads a real single-project v5 lockfile (top-level devDependencies)", async () => {
    const r = await runExtractor(pnpmLockExtractor, root, "v5-single/pnpm-lock.yaml");
    expect(r.notes).toEqual([]);
    expect(summary(r.packages)).toEqual({
      "@babel/helper-compilation-targets@7.17.7": "transitive/dev/39",
      "@types/node@17.0.23": "direct/dev/52",
      "@types/yauzl@2.9.2": "transitive/dev/56",
      "@typescript-eslint/eslint-plugin@5.16.0": "direct/dev/64",
    });
  });

  it("reads a real v6 workspace lockfile", async () => {
    const r = await runExtractor(pnpmLockExtractor, root, "v6/pnpm-lock.yaml");
    expect(r.notes).toEqual([]);
    expect(summary(r.packages)).toEqual({
      "@aashutoshrathi/word-wrap@1.2.6": "transitive/dev/130",
      "@ampproject/remapping@2.2.1": "transitive/dev/135",
      "@babel/code-frame@7.22.13": "transitive/dev/143",
      "@babel/helper-module-transforms@7.23.0": "transitive/dev/151",
      "@esbuild/android-arm64@0.18.17": "transitive/dev/165",
    });
  });

  it("marks v6 importer dependencies direct, including other workspace members'", async () => {
    const lock = `lockfileVersion: '6.0'

importers:

  .:
    dependencies:
      react-dom:
        specifier: ^18.2.0
        version: 18.2.0(react@18.2.0)

  packages/lib:
    optionalDependencies:
      fsevents:
        specifier: ^2.3.3
        version: 2.3.3
    devDependencies:
      '@formex/core':
        specifier: workspace:*
        version: link:../core
      sw:
        specifier: npm:string-width@^4.2.0
        version: /string-width@4.2.3

packages:

  /fsevents@2.3.3:
    resolution: {integrity: sha512-x}
    optional: true

  /react-dom@18.2.0(react@18.2.0):
    resolution: {integrity: sha512-y}
    dev: false

  /string-width@4.2.3:
    resolution: {integrity: sha512-z}
    dev: true
`;
    const r = await runOnText(pnpmLockExtractor, "pnpm-lock.yaml", lock);
    expect(summary(r.packages)).toEqual({
      "fsevents@2.3.3": "direct/optional/26",
      "react-dom@18.2.0": "direct/prod/30",
      "string-width@4.2.3": "direct/dev/34",
    });
  });

  it("reads a real v9 lockfile, taking scope from the snapshots graph", async () => {
    const r = await runExtractor(pnpmLockExtractor, root, "v9/pnpm-lock.yaml");
    expect(r.notes).toEqual([]);
    expect(summary(r.packages)).toEqual({
      "@esbuild/aix-ppc64@0.27.2": "transitive/prod/75",
      "@jridgewell/resolve-uri@3.1.2": "transitive/prod/81",
      "@jridgewell/sourcemap-codec@1.5.5": "transitive/prod/85",
      "@jridgewell/trace-mapping@0.3.31": "transitive/prod/88",
      "@radix-ui/react-compose-refs@1.1.2": "transitive/dev/91",
      "@types/react@19.2.10": "direct/dev/100",
      "class-variance-authority@0.7.1": "direct/prod/103",
      "clsx@2.1.1": "direct/prod/106",
      "csstype@3.2.3": "transitive/dev/110",
      "esbuild@0.27.2": "transitive/prod/113",
    });
  });

  it("keeps v9 git/tarball packages by their name and version fields and skips local directories", async () => {
    const lock = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      from-git:
        specifier: github:user/from-git#v1.0.0
        version: https://codeload.github.com/user/from-git/tar.gz/0123456789abcdef
      local:
        specifier: file:../local
        version: file:../local
      esbuild:
        specifier: ^0.27.2
        version: 0.27.2

packages:

  esbuild@0.27.2:
    resolution: {integrity: sha512-x}

  '@esbuild/linux-x64@0.27.2':
    resolution: {integrity: sha512-y}

  from-git@https://codeload.github.com/user/from-git/tar.gz/0123456789abcdef:
    resolution: {tarball: https://codeload.github.com/user/from-git/tar.gz/0123456789abcdef}
    name: from-git
    version: 1.0.0

  local@file:../local:
    resolution: {directory: ../local, type: directory}
    name: local
    version: 0.0.1

snapshots:

  esbuild@0.27.2:
    optionalDependencies:
      '@esbuild/linux-x64': 0.27.2

  '@esbuild/linux-x64@0.27.2':
    optional: true

  from-git@https://codeload.github.com/user/from-git/tar.gz/0123456789abcdef: {}

  local@file:../local: {}
`;
    const r = await runOnText(pnpmLockExtractor, "pnpm-lock.yaml", lock);
    expect(summary(r.packages)).toEqual({
      "esbuild@0.27.2": "direct/prod/19",
      "@esbuild/linux-x64@0.27.2": "transitive/optional/22",
      "from-git@1.0.0": "transitive/prod/25",
    });
  });

  it("turns malformed and unsupported files into notes", async () => {
    const cases: [string, string, RegExp, number | undefined][] = [
      ["malformed/invalid-yaml.yaml", "BULWARK_EXTRACT_PARSE_FAILED", /invalid YAML/, 6],
      ["malformed/old-version.yaml", "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", /lockfileVersion 3.9/, undefined],
      ["malformed/wrong-types.yaml", "BULWARK_EXTRACT_PARSE_FAILED", /"packages" is not a mapping/, undefined],
    ];
    for (const [path, code, message, line] of cases) {
      const r = await runExtractor(pnpmLockExtractor, root, path);
      expect(r.packages).toEqual([]);
      expect(r.notes).toHaveLength(1);
      expect(r.notes[0]).toMatchObject({ code, path });
      expect(r.notes[0]?.line).toBe(line);
      expect(r.notes[0]?.message).toMatch(message);
    }
    const none = await runOnText(pnpmLockExtractor, "pnpm-lock.yaml", "just a string\n");
    expect(none.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    const noVersion = await runOnText(pnpmLockExtractor, "pnpm-lock.yaml", "packages: {}\n");
    expect(noVersion.notes[0]?.code).toBe("BULWARK_EXTRACT_FORMAT_UNSUPPORTED");
  });

  it("ignores values of the wrong type instead of crashing", async () => {
    const r = await runExtractor(pnpmLockExtractor, root, "malformed/odd-values.yaml");
    expect(r.notes).toEqual([]);
    expect(summary(r.packages)).toEqual({ "b@2.0.0": "transitive/prod/11" });
  });
});

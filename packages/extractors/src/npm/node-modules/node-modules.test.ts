import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { nodeModulesExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));

describe("npm/node-modules", () => {
  it("wants only package.json files directly inside a package folder of node_modules", () => {
    const wants = (p: string) => nodeModulesExtractor.fileRequired(p);
    expect(wants("app/node_modules/express/package.json")).toBe(true);
    expect(wants("node_modules/@types/node/package.json")).toBe(true);
    expect(wants("app/node_modules/express/node_modules/debug/package.json")).toBe(true);
    expect(wants("usr/lib/node_modules/npm/package.json")).toBe(true);
    expect(wants("node_modules/.pnpm/express@4.18.2/node_modules/express/package.json")).toBe(true);
    expect(wants("app/package.json")).toBe(false);
    expect(wants("app/node_modules/commander/lib/package.json")).toBe(false);
    expect(wants("node_modules/@types/package.json")).toBe(false);
    expect(wants("node_modules/.cache/package.json")).toBe(false);
    expect(wants("node_modules/express/index.js")).toBe(false);
  });

  it("reads name and version of installed packages, scoped, nested and aliased", async () => {
    const cases: [string, string, string, string][] = [
      ["app/node_modules/commander/package.json", "commander", "14.0.3", "pkg:npm/commander@14.0.3"],
      ["app/node_modules/cross-spawn/node_modules/which/package.json", "which", "2.0.2", "pkg:npm/which@2.0.2"],
      ["app/node_modules/@types/node/package.json", "@types/node", "20.19.43", "pkg:npm/%40types/node@20.19.43"],
      // Installed under an alias folder: the manifest names the real package.
      ["app/node_modules/string-width-cjs/package.json", "string-width", "4.2.3", "pkg:npm/string-width@4.2.3"],
      ["usr/lib/node_modules/npm/package.json", "npm", "11.19.1", "pkg:npm/npm@11.19.1"],
    ];
    for (const [path, name, version, purl] of cases) {
      const r = await runExtractor(nodeModulesExtractor, root, path);
      expect(r).toEqual({ packages: [{ ecosystem: "npm", name, version, purl, locations: [{ path }] }], notes: [] });
    }
  });

  it("skips manifests without a name and version", async () => {
    expect(await runExtractor(nodeModulesExtractor, root, "app/node_modules/stub/package.json")).toEqual({
      packages: [],
      notes: [],
    });
    expect(await runOnText(nodeModulesExtractor, "node_modules/x/package.json", '{"name": "x", "version": 1}')).toEqual(
      {
        packages: [],
        notes: [],
      },
    );
    expect(await runOnText(nodeModulesExtractor, "node_modules/x/package.json", "[1]")).toEqual({
      packages: [],
      notes: [],
    });
  });

  it("notes a manifest that is not JSON", async () => {
    const r = await runExtractor(nodeModulesExtractor, root, "app/node_modules/broken/package.json");
    expect(r.packages).toEqual([]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatchObject({
      code: "BULWARK_EXTRACT_PARSE_FAILED",
      path: "app/node_modules/broken/package.json",
    });
  });
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import type { ExtractedPackage } from "../../types.ts";
import { packageLockExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const find = (pkgs: ExtractedPackage[], name: string, version?: string) =>
  pkgs.find((p) => p.name === name && (version === undefined || p.version === version));

describe("npm/package-lock", () => {
  it("wants package-lock.json and npm-shrinkwrap.json only", () => {
    expect(packageLockExtractor.fileRequired("package-lock.json")).toBe(true);
    expect(packageLockExtractor.fileRequired("a/b/npm-shrinkwrap.json")).toBe(true);
    expect(packageLockExtractor.fileRequired("a/package.json")).toBe(false);
    expect(packageLockExtractor.fileRequired("node_modules/.package-lock.json")).toBe(false);
    expect(packageLockExtractor.fileRequired("package-lock.json.bak")).toBe(false);
  });

  it("recognises npm lockfiles by their head, not bun.lock", () => {
    expect(packageLockExtractor.detect?.('{\n  "name": "x",\n  "lockfileVersion": 3,\n  "requires": true,')).toBe(true);
    expect(packageLockExtractor.detect?.('{\n  "lockfileVersion": 1,\n  "workspaces": {')).toBe(false);
  });

  it("reads a real v1 lockfile with nested dependencies and the sibling package.json", async () => {
    const r = await runExtractor(packageLockExtractor, root, "v1/package-lock.json");
    expect(r.notes).toEqual([]);
    // 41 top-level entries + 2 nested (semver 5.7.1 under cross-spawn, get-stdin under dateformat).
    expect(r.packages).toHaveLength(43);
    expect(find(r.packages, "@types/node")).toEqual({
      ecosystem: "npm",
      name: "@types/node",
      version: "12.12.6",
      purl: "pkg:npm/%40types/node@12.12.6",
      locations: [{ path: "v1/package-lock.json", line: 39 }],
      relation: "direct",
      scope: "dev",
    });
    expect(find(r.packages, "semver")).toMatchObject({
      version: "5.7.1",
      locations: [{ line: 308 }],
      relation: "transitive",
      scope: "dev",
    });
    expect(find(r.packages, "debug")).toMatchObject({ version: "4.1.1", locations: [{ line: 349 }] });
    expect(r.packages.filter((p) => p.relation === "direct").map((p) => p.name)).toEqual([
      "@types/node",
      "@typescript-eslint/eslint-plugin",
      "@typescript-eslint/parser",
    ]);
    expect(r.packages.every((p) => p.scope === "dev")).toBe(true);
  });

  it("leaves v1 relation unknown without a package.json", async () => {
    const text = '{"lockfileVersion": 1, "requires": true, "dependencies": {"ms": {"version": "2.1.3"}}}';
    const r = await runOnText(packageLockExtractor, "package-lock.json", text);
    expect(r.packages).toEqual([
      {
        ecosystem: "npm",
        name: "ms",
        version: "2.1.3",
        purl: "pkg:npm/ms@2.1.3",
        locations: [{ path: "package-lock.json", line: 1 }],
      },
    ]);
  });

  it("resolves v1 aliases and skips git, tarball and file entries", async () => {
    const text = `{
  "lockfileVersion": 1,
  "dependencies": {
    "sw": {
      "version": "npm:string-width@4.2.3"
    },
    "from-git": {
      "version": "git+https://github.com/user/repo.git#0123456789abcdef0123456789abcdef01234567",
      "from": "git+https://github.com/user/repo.git"
    },
    "tarball": {
      "version": "https://example.com/tarball-1.0.0.tgz"
    },
    "local": {
      "version": "file:../local"
    }
  }
}`;
    const r = await runOnText(packageLockExtractor, "package-lock.json", text, {
      "package.json": '{"dependencies": {"sw": "npm:string-width@^4"}}',
    });
    expect(r.packages).toEqual([
      {
        ecosystem: "npm",
        name: "string-width",
        version: "4.2.3",
        purl: "pkg:npm/string-width@4.2.3",
        locations: [{ path: "package-lock.json", line: 4 }],
        relation: "direct",
      },
    ]);
  });

  it("reads a real v3 lockfile: nested node_modules, one semver version merged from three places", async () => {
    const r = await runExtractor(packageLockExtractor, root, "v3/package-lock.json");
    expect(r.notes).toEqual([]);
    expect(r.packages).toHaveLength(12);
    expect(find(r.packages, "semver")).toEqual({
      ecosystem: "npm",
      name: "semver",
      version: "6.3.1",
      purl: "pkg:npm/semver@6.3.1",
      locations: [
        { path: "v3/package-lock.json", line: 104 },
        { path: "v3/package-lock.json", line: 137 },
        { path: "v3/package-lock.json", line: 186 },
      ],
      relation: "transitive",
    });
    expect(find(r.packages, "@adobe/css-tools")).toMatchObject({ version: "4.4.3", locations: [{ line: 26 }] });
    expect(find(r.packages, "eslint-visitor-keys")).toMatchObject({ version: "2.1.0", relation: "transitive" });
    expect(r.packages.some((p) => p.name === "holidaze")).toBe(false);
  });

  it("handles workspaces, links, aliases, bundled deps and npm's scope flags (v2)", async () => {
    const r = await runExtractor(packageLockExtractor, root, "v2-workspaces/package-lock.json");
    expect(r.notes).toEqual([]);
    const summary = Object.fromEntries(
      r.packages.map((p) => [`${p.name}@${p.version}`, [p.relation, p.scope ?? "prod"]]),
    );
    expect(summary).toEqual({
      "fsevents@2.3.3": ["direct", "optional"],
      "glob@7.2.3": ["transitive", "optional"],
      "jest@29.7.0": ["direct", "dev"],
      "left-pad@1.3.0": ["direct", "prod"],
      "ms@2.1.3": ["transitive", "prod"],
      "npm@10.2.4": ["direct", "prod"],
      "abbrev@2.0.0": ["transitive", "prod"],
      "react@18.2.0": ["direct", "peer"],
      "string-width@4.2.3": ["direct", "prod"],
      "lodash@4.17.21": ["direct", "prod"],
    });
    // The v1-compatible "dependencies" copy of left-pad is not read a second time.
    expect(find(r.packages, "left-pad")?.locations).toEqual([{ path: "v2-workspaces/package-lock.json", line: 61 }]);
  });

  it("turns malformed files into notes", async () => {
    const cases: [string, string, RegExp][] = [
      ["malformed/truncated.json", "BULWARK_EXTRACT_PARSE_FAILED", /invalid JSON/],
      ["malformed/packages-not-object.json", "BULWARK_EXTRACT_PARSE_FAILED", /"packages" is not an object/],
      ["malformed/future-version.json", "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", /lockfileVersion 4/],
      ["malformed/array.json", "BULWARK_EXTRACT_PARSE_FAILED", /not a JSON object/],
    ];
    for (const [path, code, message] of cases) {
      const r = await runExtractor(packageLockExtractor, root, path);
      expect(r.packages).toEqual([]);
      expect(r.notes).toHaveLength(1);
      expect(r.notes[0]).toMatchObject({ code, path });
      expect(r.notes[0]?.message).toMatch(message);
    }
  });

  it("skips entries of the wrong JSON type without crashing", async () => {
    const r = await runExtractor(packageLockExtractor, root, "malformed/wrong-entry-types.json");
    expect(r.notes).toEqual([]);
    expect(r.packages.map((p) => `${p.name}@${p.version}:${p.relation}`)).toEqual(["c@1.0.0:transitive"]);
  });

  it("extracts a 20 MB lockfile within the time budget", async () => {
    const entries: string[] = [];
    for (let i = 0; entries.length < 40_000; i++) {
      entries.push(
        `    "node_modules/pkg-${i}/node_modules/dep-${i}": {\n      "version": "1.${i % 50}.${i % 7}",\n      "resolved": "https://registry.npmjs.org/dep-${i}/-/dep-${i}-1.0.0.tgz",\n      "integrity": "sha512-${"x".repeat(300)}",\n      "dev": true,\n      "license": "MIT"\n    }`,
      );
    }
    const text = `{\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": {"name": "big"},\n${entries.join(",\n")}\n  }\n}\n`;
    expect(text.length).toBeGreaterThan(18_000_000);
    const started = performance.now();
    const r = await runOnText(packageLockExtractor, "package-lock.json", text);
    const elapsed = performance.now() - started;
    expect(r.packages).toHaveLength(40_000);
    expect(r.packages[39_999]?.locations[0]?.line).toBe(6 + 39_999 * 7);
    expect(elapsed).toBeLessThan(3_000); // generous for shared CI machines; ~0.5 s measured locally
  });
});

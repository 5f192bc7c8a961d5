import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { conanLockExtractor } from "./index.ts";
import { parseConanReference } from "./reference.ts";

const fixtures = diskRoot(`${import.meta.dirname}/fixtures`);
const run = (file: string) => runExtractor(conanLockExtractor, fixtures, file);
const ids = (pkgs: readonly { name: string; version: string }[]) => pkgs.map((p) => `${p.name}/${p.version}`);

describe("conan/conan-lock", () => {
  it("wants conan.lock files only", () => {
    expect(conanLockExtractor.fileRequired("build/conan.lock")).toBe(true);
    expect(conanLockExtractor.fileRequired("conanfile.txt")).toBe(false);
  });

  it("reads a Conan 2 lockfile: requires are prod, build_requires dev, duplicates merged", async () => {
    const { packages, notes } = await run("plotjuggler.conan.lock");
    expect(notes).toEqual([]);
    // 44 requires + 19 build_requires, libiconv/1.17 in both.
    expect(packages).toHaveLength(62);
    expect(packages[0]).toEqual({
      ecosystem: "ConanCenter",
      name: "zstd",
      version: "1.5.5",
      locations: [{ path: "plotjuggler.conan.lock", line: 4 }],
      purl: "pkg:conan/zstd@1.5.5?rrev=a4398ab5244b10fb081eeac217b5ef9f",
    });
    expect(packages.find((p) => p.name === "libiconv")).toEqual({
      ecosystem: "ConanCenter",
      name: "libiconv",
      version: "1.17",
      locations: [
        { path: "plotjuggler.conan.lock", line: 28 },
        { path: "plotjuggler.conan.lock", line: 61 },
      ],
      purl: "pkg:conan/libiconv@1.17?rrev=9923bc6dc6f106646d6967e0039a5ada",
    });
    expect(packages.find((p) => p.name === "cmake")).toMatchObject({ version: "4.4.2", scope: "dev" });
    expect(packages.find((p) => p.name === "vaapi")?.version).toBe("system");
    expect(packages.filter((p) => p.name === "pkgconf").map((p) => p.version)).toEqual(["2.5.1", "2.1.0", "2.0.3"]);
    // Conan 2 lockfiles keep no graph.
    expect(packages.every((p) => p.relation === undefined)).toBe(true);
  });

  it("reads a Conan 1 lockfile 0.3: node 0 is the project, its requires are direct", async () => {
    const { packages, notes } = await run("froggy-v0.3.conan.lock");
    expect(notes).toEqual([]);
    expect(ids(packages)).toEqual(["sfml/2.5.1", "poco/1.9.4", "openssl/1.0.2t", "zlib/1.2.11"]);
    expect(packages[0]).toEqual({
      ecosystem: "ConanCenter",
      name: "sfml",
      version: "2.5.1",
      locations: [{ path: "froggy-v0.3.conan.lock", line: 14 }],
      relation: "direct",
      purl: "pkg:conan/bincrafters/sfml@2.5.1?channel=stable",
    });
    expect(packages.map((p) => p.relation)).toEqual(["direct", "direct", "transitive", "transitive"]);
    expect(packages[3]).toMatchObject({ locations: [{ line: 32 }], purl: "pkg:conan/zlib@1.2.11" });
  });

  it("reads a Conan 1 lockfile 0.1 with UUID nodes and {reference: node} requires", async () => {
    const { packages, notes } = await run("opengl-starter-v0.1.conan.lock");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(7);
    const direct = packages.filter((p) => p.relation === "direct").map((p) => p.name);
    expect(direct.sort()).toEqual(["Assimp", "glew", "glfw", "glm", "stb"]);
    expect(packages.find((p) => p.name === "zlib")).toMatchObject({
      relation: "transitive",
      locations: [{ line: 20 }],
    });
    expect(packages.find((p) => p.name === "Assimp")).toMatchObject({ version: "4.1.0", locations: [{ line: 40 }] });
  });

  it("marks build requirements dev in lockfile 0.4 and merges a package used in both contexts", async () => {
    const { packages, notes } = await run("build-requires-v0.4.conan.lock");
    expect(ids(packages)).toEqual(["openssl/1.1.1k", "zlib/1.2.11", "cmake/3.20.2"]);
    expect(packages[0]).toMatchObject({ relation: "direct", locations: [{ line: 12 }, { line: 30 }] });
    expect(packages[0]?.scope).toBeUndefined();
    expect(packages[1]).toMatchObject({ relation: "transitive" });
    expect(packages[2]).toMatchObject({ relation: "direct", scope: "dev" });
    expect(notes.map((n) => [n.message, n.line])).toEqual([
      ["node 5 is not an object", 34],
      ["node 6: not a Conan reference: no-version-here", 35],
    ]);
  });

  it("turns malformed JSON, unknown versions and wrong types into notes", async () => {
    const bad = await run("malformed.conan.lock");
    expect(bad.packages).toEqual([]);
    expect(bad.notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_PARSE_FAILED"]);
    const unknown = await run("unknown-version.conan.lock");
    expect(unknown.notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_FORMAT_UNSUPPORTED"]);
    const wrong = await run("wrong-types.conan.lock");
    expect(ids(wrong.packages)).toEqual(["cmake/3.28.1"]);
    expect(wrong.notes.map((n) => [n.message, n.line])).toEqual([
      ["`requires` is not a list", 3],
      ["not a Conan reference: 42", 6],
      ['not a Conan reference: "justaname"', 7],
    ]);
    const graph = await runOnText(conanLockExtractor, "conan.lock", '{"graph_lock": {"nodes": []}}');
    expect(graph.notes.map((n) => n.message)).toEqual(["`graph_lock.nodes` is not an object"]);
    const userOnly = await runOnText(
      conanLockExtractor,
      "conan.lock",
      '{"version": "0.5", "requires": ["zlib/1.3@acme"]}',
    );
    expect(userOnly.packages.map((p) => p.purl)).toEqual(["pkg:conan/zlib@1.3"]);
    const array = await runOnText(conanLockExtractor, "conan.lock", "[]");
    expect(array.notes.map((n) => n.message)).toEqual(["conan.lock is not a JSON object"]);
  });
});

describe("parseConanReference", () => {
  it("splits references, package references and timestamps", () => {
    expect(parseConanReference("zlib/1.2.13#rev%1700000000.1")).toEqual({
      name: "zlib",
      version: "1.2.13",
      revision: "rev",
    });
    expect(parseConanReference("OpenSSL/1.1.1c@conan/stable#0:b781af3f#0")).toEqual({
      name: "OpenSSL",
      version: "1.1.1c",
      user: "conan",
      channel: "stable",
    });
    expect(parseConanReference("fmt/10.2.1@_/_")).toEqual({ name: "fmt", version: "10.2.1" });
    expect(parseConanReference("zlib")).toBeUndefined();
    expect(parseConanReference("zlib/")).toBeUndefined();
    expect(parseConanReference("a/b/c")).toBeUndefined();
  });
});

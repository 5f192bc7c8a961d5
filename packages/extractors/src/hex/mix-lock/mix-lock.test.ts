import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { readElixirTerm } from "./elixir-terms.ts";
import { mixLockExtractor } from "./index.ts";

const fixtures = diskRoot(`${import.meta.dirname}/fixtures`);
const run = (file: string) => runExtractor(mixLockExtractor, fixtures, file);

describe("hex/mix-lock", () => {
  it("wants mix.lock files only", () => {
    expect(mixLockExtractor.fileRequired("apps/web/mix.lock")).toBe(true);
    expect(mixLockExtractor.fileRequired("mix.exs")).toBe(false);
  });

  it("reads every Hex package of the hexpm lockfile with its line", async () => {
    const { packages, notes } = await run("hexpm.mix.lock");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(13);
    expect(packages[0]).toEqual({
      ecosystem: "Hex",
      name: "bamboo",
      version: "2.5.0",
      locations: [{ path: "hexpm.mix.lock", line: 2 }],
      purl: "pkg:hex/bamboo@2.5.0",
    });
    expect(packages.find((p) => p.name === "jose")).toMatchObject({ version: "1.11.10", locations: [{ line: 10 }] });
    expect(packages.find((p) => p.name === "ueberauth_github")).toMatchObject({
      version: "0.8.3",
      locations: [{ line: 14 }],
    });
    // mix.lock does not say which dependencies mix.exs declares.
    expect(packages.every((p) => p.relation === undefined)).toBe(true);
  });

  it("names renamed dependencies by their Hex package, merges duplicates, skips git entries", async () => {
    const { packages, notes } = await run("git-renamed-and-old-syntax.mix.lock");
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      "cowboy@1.1.2",
      "jason@1.4.5",
      "internal_auth@0.3.0",
      "ranch@1.3.2",
    ]);
    expect(packages[1]?.locations).toEqual([
      { path: "git-renamed-and-old-syntax.mix.lock", line: 4 },
      { path: "git-renamed-and-old-syntax.mix.lock", line: 5 },
    ]);
    expect(packages.map((p) => p.name)).not.toContain("phoenix_live_view");
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "git-renamed-and-old-syntax.mix.lock",
        message: 'entry weird is not a {:hex, :name, "version", …} tuple',
        line: 9,
      },
    ]);
  });

  it("turns broken syntax into a note with its line", async () => {
    const { packages, notes } = await run("malformed.mix.lock");
    expect(packages).toEqual([]);
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "malformed.mix.lock",
        message: 'unexpected character "}"',
        line: 2,
      },
    ]);
  });

  it("turns a term that is not a map into a note", async () => {
    const { notes } = await run("not-a-map.mix.lock");
    expect(notes.map((n) => n.message)).toEqual(["mix.lock is not an Elixir map"]);
  });

  it("reads an empty map and refuses trailing text and runaway nesting", async () => {
    expect(await runOnText(mixLockExtractor, "mix.lock", "%{}\n")).toEqual({ packages: [], notes: [] });
    const trailing = await runOnText(mixLockExtractor, "mix.lock", "%{} %{}");
    expect(trailing.notes.map((n) => n.message)).toEqual(["unexpected text after the term"]);
    const deep = await runOnText(mixLockExtractor, "mix.lock", `%{"a": ${"[".repeat(200)}`);
    expect(deep.notes.map((n) => n.message)).toEqual(["terms nested too deeply"]);
  });
});

describe("readElixirTerm", () => {
  it("reads atoms, quoted atoms, keywords, escapes and comments", () => {
    expect(readElixirTerm('{:hex, :"odd name", "a\\"b", [repo: "hexpm", optional: false], 12} # done')).toEqual({
      tuple: [
        { atom: "hex" },
        { atom: "odd name" },
        'a"b',
        [
          { keyword: "repo", value: "hexpm" },
          { keyword: "optional", value: { word: "false" } },
        ],
        { word: "12" },
      ],
    });
  });
});

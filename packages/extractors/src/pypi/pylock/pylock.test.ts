import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor } from "../../shared/testing.ts";
import { pylockExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const run = (path: string) => runExtractor(pylockExtractor, root, path);

describe("pypi/pylock", () => {
  it("wants pylock.toml and pylock.<name>.toml", () => {
    expect(pylockExtractor.fileRequired("pylock.toml")).toBe(true);
    expect(pylockExtractor.fileRequired("a/pylock.dev.toml")).toBe(true);
    expect(pylockExtractor.fileRequired("pylock.lock")).toBe(false);
    expect(pylockExtractor.fileRequired("mypylock.toml")).toBe(false);
  });

  it("reads a PDM-written pylock.toml: markers on dependency groups give scope", async () => {
    const { packages, notes } = await run("h11/pylock.toml");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(8);
    expect(packages[0]).toEqual({
      ecosystem: "PyPI",
      name: "pytest",
      version: "8.4.2",
      purl: "pkg:pypi/pytest@8.4.2",
      locations: [{ path: "h11/pylock.toml", line: 13 }],
      scope: "dev",
    });
    // In both the default and dev groups: production.
    expect(packages.find((p) => p.name === "typing-extensions")).toMatchObject({ version: "4.15.0" });
    expect(packages.find((p) => p.name === "typing-extensions")?.scope).toBeUndefined();
    expect(packages.filter((p) => p.scope === "dev")).toHaveLength(7);
  });

  it("reads the spec example: extras are optional, VCS without version is noted, directories skipped", async () => {
    const { packages, notes } = await run("pylock.spec-example.toml");
    expect(packages.map((p) => `${p.name}@${p.version}:${p.scope ?? "prod"}`)).toEqual([
      "attrs@25.1.0:prod",
      "cattrs@24.1.2:prod",
      "pysocks@1.7.1:optional",
      "pytest@8.3.4:dev",
      "numpy@2.2.3:prod",
    ]);
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_UNPINNED",
        path: "pylock.spec-example.toml",
        message: "my-fork has no version",
        line: 60,
      },
    ]);
  });

  it("notes other lock versions, bad TOML and wrong types", async () => {
    expect((await run("pylock.future.toml")).notes[0]).toMatchObject({
      code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
      message: "pylock lock-version 2.0",
    });
    expect((await run("pylock.malformed.toml")).notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    expect((await run("pylock.wrong-types.toml")).notes[0]?.message).toBe(
      "pylock: `packages` is not an array of tables",
    );
  });
});

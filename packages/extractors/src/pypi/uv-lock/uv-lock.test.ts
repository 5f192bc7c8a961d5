import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { uvLockExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const run = (path: string) => runExtractor(uvLockExtractor, root, path);
const facts = (pkgs: readonly { name: string; version: string; relation?: string; scope?: string }[]) =>
  pkgs.map((p) => `${p.name}@${p.version}:${p.relation ?? "-"}:${p.scope ?? "prod"}`);

describe("pypi/uv-lock", () => {
  it("wants uv.lock only", () => {
    expect(uvLockExtractor.fileRequired("svc/uv.lock")).toBe(true);
    expect(uvLockExtractor.fileRequired("uv.toml")).toBe(false);
  });

  it("reads uv's FastAPI example: the virtual project is not inventoried, fastapi[standard] pulls extras", async () => {
    const { packages, notes } = await run("fastapi-example/uv.lock");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(34);
    expect(packages.find((p) => p.name === "uv-fastapi-example")).toBeUndefined();
    expect(packages.find((p) => p.name === "fastapi")).toEqual({
      ecosystem: "PyPI",
      name: "fastapi",
      version: "0.112.1",
      purl: "pkg:pypi/fastapi@0.112.1",
      locations: [{ path: "fastapi-example/uv.lock", line: 58 }],
      relation: "direct",
    });
    // Reached only through fastapi's `standard` extra, which the project enables: production.
    expect(packages.find((p) => p.name === "uvloop")).toMatchObject({ relation: "transitive" });
    expect(packages.find((p) => p.name === "uvloop")?.scope).toBeUndefined();
    expect(packages.every((p) => p.relation === "transitive" || p.name === "fastapi")).toBe(true);
    expect(packages.every((p) => p.scope === undefined)).toBe(true);
  });

  it("reads a workspace: members are roots, dev groups are dev, extras optional, forks kept", async () => {
    const { packages, notes } = await run("workspace/uv.lock");
    expect(notes).toEqual([]);
    expect(facts(packages)).toEqual([
      "certifi@2024.8.30:direct:prod",
      "iniconfig@2.0.0:transitive:dev",
      "mkdocs@1.6.1:direct:optional",
      "numpy@1.26.4:direct:prod",
      "numpy@2.1.0:direct:prod",
      "pytest@8.3.3:direct:dev",
      "requests@2.32.3:direct:prod",
      "ruff@0.6.9:direct:dev",
      "orphan@3.0.0:transitive:prod",
    ]);
    expect(packages.find((p) => p.name === "requests")?.locations).toEqual([{ path: "workspace/uv.lock", line: 89 }]);
  });

  it("has no relation or scope without a root package and notes versionless entries", async () => {
    const text =
      'version = 1\n\n[[package]]\nname = "a"\nversion = "1.0"\n\n[[package]]\nname = "b"\nsource = { git = "https://x" }\n';
    const { packages, notes } = await runOnText(uvLockExtractor, "uv.lock", text);
    expect(packages).toEqual([
      {
        ecosystem: "PyPI",
        name: "a",
        version: "1.0",
        purl: "pkg:pypi/a@1.0",
        locations: [{ path: "uv.lock", line: 3 }],
      },
    ]);
    expect(notes).toEqual([
      { code: "BULWARK_EXTRACT_UNPINNED", path: "uv.lock", message: "b has no version", line: 7 },
    ]);
  });

  it("survives dependency cycles through extras", async () => {
    const text =
      'version = 1\n[[package]]\nname = "p"\nversion = "0"\nsource = { editable = "." }\ndependencies = [{ name = "a", extra = ["x"] }]\n' +
      '[[package]]\nname = "a"\nversion = "1"\ndependencies = [{ name = "a", extra = ["x"] }]\n[package.optional-dependencies]\nx = [{ name = "a", extra = ["x"] }]\n';
    expect(facts((await runOnText(uvLockExtractor, "uv.lock", text)).packages)).toEqual(["a@1:direct:prod"]);
  });

  it("notes other versions, bad TOML and wrong types", async () => {
    expect((await run("future-version.lock")).notes).toEqual([
      { code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", path: "future-version.lock", message: "uv.lock version 2" },
    ]);
    expect((await run("malformed.lock")).notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    expect((await run("wrong-types.lock")).notes[0]?.message).toBe("uv.lock: `package` is not an array of tables");
  });
});

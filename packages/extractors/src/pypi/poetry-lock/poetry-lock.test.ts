import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { poetryLockExtractor } from "./index.ts";
import { directDependencyNames } from "./pyproject.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const run = (path: string) => runExtractor(poetryLockExtractor, root, path);

describe("pypi/poetry-lock", () => {
  it("wants poetry.lock only", () => {
    expect(poetryLockExtractor.fileRequired("a/poetry.lock")).toBe(true);
    expect(poetryLockExtractor.fileRequired("poetry.lock.bak")).toBe(false);
    expect(poetryLockExtractor.fileRequired("pyproject.toml")).toBe(false);
  });

  it("reads a Poetry 2 lock: groups give dev scope, pyproject gives relation", async () => {
    const { packages, notes } = await run("poetry-2/poetry.lock");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(7);
    expect(packages[0]).toEqual({
      ecosystem: "PyPI",
      name: "backports-tarfile",
      version: "1.2.0",
      purl: "pkg:pypi/backports-tarfile@1.2.0",
      locations: [{ path: "poetry-2/poetry.lock", line: 3 }],
      // pyproject asks for poetry, poetry-core and dev tools; everything in this (trimmed) lock is pulled in by them.
      relation: "transitive",
    });
    expect(packages.find((p) => p.name === "cfgv")).toMatchObject({
      version: "3.4.0",
      scope: "dev",
      locations: [{ path: "poetry-2/poetry.lock", line: 84 }],
    });
    expect(packages.find((p) => p.name === "build")?.version).toBe("1.2.2.post1");
    expect(packages.filter((p) => p.scope === undefined)).toHaveLength(6);
  });

  it("reads a Poetry 1.8 lock without a pyproject: no relation", async () => {
    const { packages, notes } = await run("poetry-1/poetry.lock");
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      "backports-tarfile@1.2.0",
      "build@1.2.2",
      "cachecontrol@0.14.0",
      "certifi@2024.7.4",
      "zipp@3.19.2",
    ]);
    expect(packages.every((p) => p.relation === undefined && p.scope === undefined)).toBe(true);
    expect(packages[4]?.locations).toEqual([{ path: "poetry-1/poetry.lock", line: 63 }]);
  });

  it("reads the legacy layout: category, optional, git and directory sources", async () => {
    const { packages, notes } = await run("legacy/poetry.lock");
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}:${p.relation}:${p.scope ?? "prod"}`)).toEqual([
      "Django@3.2.12:direct:prod",
      "asgiref@3.5.0:transitive:prod",
      "pytest@7.0.1:direct:dev",
      "psycopg2-binary@2.9.3:direct:optional",
      "requests-toolbelt@0.9.1:direct:prod",
    ]);
    expect(packages[0]?.purl).toBe("pkg:pypi/django@3.2.12");
  });

  it("notes unsupported versions, bad TOML and wrong types", async () => {
    expect((await run("future-version.lock")).notes).toEqual([
      {
        code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
        path: "future-version.lock",
        message: "poetry.lock lock-version 3.0",
      },
    ]);
    const bad = await run("malformed.lock");
    expect(bad.packages).toEqual([]);
    expect(bad.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    expect((await run("wrong-types.lock")).notes[0]?.message).toBe("poetry.lock: `package` is not an array of tables");
    const partial = await runOnText(
      poetryLockExtractor,
      "poetry.lock",
      '[[package]]\nname = "a"\n\n[[package]]\nname = "b"\nversion = "1"\n',
    );
    expect(partial.packages.map((p) => p.name)).toEqual(["b"]);
    expect(partial.notes).toMatchObject([{ code: "BULWARK_EXTRACT_PARSE_FAILED", line: 1 }]);
  });

  it("collects direct names from Poetry, PEP 621 and PEP 735 tables", () => {
    const names = directDependencyNames(
      '[tool.poetry.dependencies]\npython = "^3.9"\nRequests = "*"\n[tool.poetry.dev-dependencies]\nblack = "*"\n' +
        '[project]\ndependencies = ["Zope.Interface>=5; python_version>\'3\'"]\n[dependency-groups]\nlint = ["ruff"]\n',
    );
    expect([...(names ?? [])].sort()).toEqual(["black", "requests", "ruff", "zope-interface"]);
    expect(directDependencyNames("not = [toml")).toBeUndefined();
  });
});

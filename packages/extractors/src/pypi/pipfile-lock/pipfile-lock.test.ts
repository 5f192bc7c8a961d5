import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { pipfileLockExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const run = (path: string) => runExtractor(pipfileLockExtractor, root, path);

describe("pypi/pipfile-lock", () => {
  it("wants Pipfile.lock only", () => {
    expect(pipfileLockExtractor.fileRequired("svc/Pipfile.lock")).toBe(true);
    expect(pipfileLockExtractor.fileRequired("Pipfile")).toBe(false);
    expect(pipfileLockExtractor.fileRequired("pipfile.lock")).toBe(false);
  });

  it("reads pipenv's own lock: develop entries are dev, editable paths skipped, relation from Pipfile", async () => {
    const { packages, notes } = await run("pipenv/Pipfile.lock");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(13);
    expect(packages.every((p) => p.scope === "dev")).toBe(true);
    expect(packages[0]).toEqual({
      ecosystem: "PyPI",
      name: "alabaster",
      version: "0.7.10",
      purl: "pkg:pypi/alabaster@0.7.10",
      locations: [{ path: "pipenv/Pipfile.lock", line: 18 }],
      relation: "transitive",
      scope: "dev",
    });
    expect(packages.find((p) => p.name === "flake8")?.relation).toBe("direct");
    expect(packages.find((p) => p.name === "tap.py")).toMatchObject({
      relation: "direct",
      purl: "pkg:pypi/tap-py@2.2",
      locations: [{ path: "pipenv/Pipfile.lock", line: 104 }],
    });
    expect(packages.find((p) => p.name === "pipenv")).toBeUndefined();
  });

  it("merges a package listed in both sections and notes unpinned and broken entries", async () => {
    const { packages, notes } = await run("mixed/Pipfile.lock");
    expect(packages.map((p) => `${p.name}@${p.version}:${p.relation}:${p.scope ?? "prod"}`)).toEqual([
      "django@4.2.7:direct:prod",
      "sqlparse@0.4.4:transitive:prod",
      "arrow@1.2.3:direct:prod",
      "pytest@7.4.3:direct:dev",
    ]);
    expect(packages[1]?.locations).toEqual([
      { path: "mixed/Pipfile.lock", line: 14 },
      { path: "mixed/Pipfile.lock", line: 31 },
    ]);
    expect(notes.map((n) => `${n.code}:${n.line}:${n.message}`)).toEqual([
      "BULWARK_EXTRACT_UNPINNED:18:toolbelt has no exact version",
      "BULWARK_EXTRACT_UNPINNED:25:weird has no exact version",
      "BULWARK_EXTRACT_PARSE_FAILED:28:entry broken is not an object",
    ]);
  });

  it("has no relation without a Pipfile", async () => {
    const { packages } = await runOnText(
      pipfileLockExtractor,
      "Pipfile.lock",
      '{"default": {"six": {"version": "==1.16.0"}}}',
    );
    expect(packages).toEqual([
      {
        ecosystem: "PyPI",
        name: "six",
        version: "1.16.0",
        purl: "pkg:pypi/six@1.16.0",
        locations: [{ path: "Pipfile.lock", line: 1 }],
      },
    ]);
  });

  it("notes bad JSON, a newer spec and wrong types", async () => {
    expect((await run("malformed.json")).notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    expect((await run("future-spec.json")).notes).toEqual([
      { code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", path: "future-spec.json", message: "Pipfile.lock pipfile-spec 7" },
    ]);
    expect((await run("wrong-types.json")).notes.map((n) => n.message)).toEqual([
      '"default" is not an object',
      '"develop" is not an object',
    ]);
    expect((await runOnText(pipfileLockExtractor, "Pipfile.lock", "[1]")).notes[0]?.message).toBe(
      "Pipfile.lock is not a JSON object",
    );
  });
});

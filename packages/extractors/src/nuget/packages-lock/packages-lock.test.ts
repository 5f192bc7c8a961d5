import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { nugetPackagesLockExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));

describe("nuget/packages-lock", () => {
  it("wants packages.lock.json files only", () => {
    expect(nugetPackagesLockExtractor.fileRequired("src/App/packages.lock.json")).toBe(true);
    expect(nugetPackagesLockExtractor.fileRequired("packages.config")).toBe(false);
    expect(nugetPackagesLockExtractor.fileRequired("package-lock.json")).toBe(false);
  });

  it("reads a v1 lock file with direct and transitive packages", async () => {
    const { packages, notes } = await runExtractor(
      nugetPackagesLockExtractor,
      root,
      "v1-puck-azure/packages.lock.json",
    );
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(17);
    expect(packages.filter((p) => p.relation === "direct")).toHaveLength(5);
    expect(packages.find((p) => p.name === "Azure.Identity")).toEqual({
      ecosystem: "NuGet",
      name: "Azure.Identity",
      version: "1.21.0",
      purl: "pkg:nuget/Azure.Identity@1.21.0",
      locations: [{ path: "v1-puck-azure/packages.lock.json", line: 25 }],
      relation: "direct",
    });
    // Only the resolved version counts; the 1.53.0 wanted by Azure.Identity is a requirement.
    expect(packages.filter((p) => p.name === "Azure.Core").map((p) => p.version)).toEqual(["1.61.0"]);
    expect(packages.find((p) => p.name === "Azure.Core")).toMatchObject({
      relation: "transitive",
      locations: [{ path: "v1-puck-azure/packages.lock.json", line: 59 }],
    });
  });

  it("reads a v2 lock file", async () => {
    const { packages, notes } = await runExtractor(nugetPackagesLockExtractor, root, "v2-qowaiv/packages.lock.json");
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      "AsyncFixer@2.1.0",
      "DotNet.ReproducibleBuilds@2.0.5",
      "DotNetProjectFile.Analyzers@1.15.2",
      "PolySharp@1.16.0",
      "Qowaiv.Analyzers.CSharp@2.5.1",
      "SonarAnalyzer.CSharp@10.32.0.713",
    ]);
    expect(packages.every((p) => p.relation === "direct")).toBe(true);
  });

  it("merges a package across target frameworks, skips Project entries and notes broken ones", async () => {
    const { packages, notes } = await runExtractor(nugetPackagesLockExtractor, root, "multi-target/packages.lock.json");
    expect(packages.map((p) => `${p.name}@${p.version}:${p.relation}`)).toEqual([
      "Newtonsoft.Json@13.0.3:direct",
      "Serilog@3.1.1:transitive",
      "Serilog@4.0.0:direct",
    ]);
    expect(packages[0]?.locations).toEqual([
      { path: "multi-target/packages.lock.json", line: 5 },
      { path: "multi-target/packages.lock.json", line: 24 },
    ]);
    expect(packages.some((p) => p.name === "MyCompany.Shared")).toBe(false);
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "multi-target/packages.lock.json",
        message: "net8.0 Broken.Entry: no resolved version",
        line: 36,
      },
    ]);
  });

  it("notes malformed JSON, wrong types and unknown versions", async () => {
    const bad = await runOnText(nugetPackagesLockExtractor, "packages.lock.json", "{ nope");
    expect(bad.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    const wrong = await runOnText(
      nugetPackagesLockExtractor,
      "packages.lock.json",
      '{"version": 1, "dependencies": 5}',
    );
    expect(wrong.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    const target = await runOnText(
      nugetPackagesLockExtractor,
      "packages.lock.json",
      '{"version": 1, "dependencies": {"net6.0": [1]}}',
    );
    expect(target).toEqual({
      packages: [],
      notes: [
        { code: "BULWARK_EXTRACT_PARSE_FAILED", path: "packages.lock.json", message: "target net6.0 is not an object" },
      ],
    });
    const future = await runOnText(
      nugetPackagesLockExtractor,
      "packages.lock.json",
      '{"version": 3, "dependencies": {}}',
    );
    expect(future.notes).toEqual([
      {
        code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
        path: "packages.lock.json",
        message: "packages.lock.json version 3",
      },
    ]);
  });
});

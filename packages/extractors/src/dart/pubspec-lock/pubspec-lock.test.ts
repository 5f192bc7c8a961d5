import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { pubspecLockExtractor } from "./index.ts";

const fixtures = diskRoot(`${import.meta.dirname}/fixtures`);
const run = (file: string) => runExtractor(pubspecLockExtractor, fixtures, file);

describe("dart/pubspec-lock", () => {
  it("wants pubspec.lock files only", () => {
    expect(pubspecLockExtractor.fileRequired("app/pubspec.lock")).toBe(true);
    expect(pubspecLockExtractor.fileRequired("pubspec.lock")).toBe(true);
    expect(pubspecLockExtractor.fileRequired("app/pubspec.yaml")).toBe(false);
    expect(pubspecLockExtractor.fileRequired("app/pubspec.lock.bak")).toBe(false);
  });

  it("reads hosted packages of the immich mobile lockfile and skips sdk and path packages", async () => {
    const { packages, notes } = await run("immich-mobile.pubspec.lock");
    expect(notes).toEqual([]);
    // 17 entries: 5 sdk (flutter, flutter_driver, flutter_test, integration_test, sky_engine) and 1 path (openapi) skipped.
    expect(packages).toHaveLength(11);
    expect(packages.map((p) => p.name)).not.toContain("flutter");
    expect(packages.map((p) => p.name)).not.toContain("openapi");
    expect(packages.find((p) => p.name === "auto_route")).toEqual({
      ecosystem: "Pub",
      name: "auto_route",
      version: "5.0.4",
      locations: [{ path: "immich-mobile.pubspec.lock", line: 20 }],
      relation: "direct",
      purl: "pkg:pub/auto_route@5.0.4",
    });
    expect(packages.find((p) => p.name === "build_runner")).toMatchObject({ relation: "direct", scope: "dev" });
    expect(packages.find((p) => p.name === "_fe_analyzer_shared")).toMatchObject({
      version: "60.0.0",
      relation: "transitive",
      locations: [{ line: 4 }],
    });
    expect(packages.find((p) => p.name === "_fe_analyzer_shared")?.scope).toBeUndefined();
    expect(packages.find((p) => p.name === "cross_file")?.version).toBe("0.3.3+4");
    expect(packages.find((p) => p.name === "easy_localization")?.version).toBe("3.0.2-dev.2");
    expect(packages.find((p) => p.name === "path")).toMatchObject({ version: "1.8.3", relation: "direct" });
  });

  it("keeps git and overridden packages, notes an entry without a version, skips path packages", async () => {
    const { packages, notes } = await run("git-and-overrides.pubspec.lock");
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      "flutter_markdown@0.6.18",
      "photo_view@0.14.0",
      "private_widgets@2.1.0",
    ]);
    expect(packages[0]).toMatchObject({ relation: "direct", locations: [{ line: 4 }] });
    expect(packages[1]).toMatchObject({ relation: "direct", purl: "pkg:pub/photo_view@0.14.0" });
    expect(packages[2]).toMatchObject({ relation: "transitive" });
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "git-and-overrides.pubspec.lock",
        message: "package broken_entry has no version",
        line: 28,
      },
    ]);
  });

  it("turns malformed YAML into a note", async () => {
    const { packages, notes } = await run("malformed.pubspec.lock");
    expect(packages).toEqual([]);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    expect(notes[0]?.line).toBeGreaterThan(0);
  });

  it("turns a non-mapping `packages` into a note", async () => {
    const { packages, notes } = await run("wrong-type.pubspec.lock");
    expect(packages).toEqual([]);
    expect(notes.map((n) => n.message)).toEqual(["`packages` is not a mapping"]);
  });

  it("reads an empty lockfile and a top-level scalar", async () => {
    expect(await runOnText(pubspecLockExtractor, "pubspec.lock", "packages: {}\nsdks:\n  dart: '>=2.0.0'\n")).toEqual({
      packages: [],
      notes: [],
    });
    const scalar = await runOnText(pubspecLockExtractor, "pubspec.lock", "just text\n");
    expect(scalar.notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_PARSE_FAILED"]);
  });
});

import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { packageResolvedExtractor } from "./index.ts";
import { swiftUrlName } from "./swift-url.ts";

const fixtures = diskRoot(`${import.meta.dirname}/fixtures`);
const run = (file: string) => runExtractor(packageResolvedExtractor, fixtures, file);

describe("swift/package-resolved", () => {
  it("wants Package.resolved files, also inside Xcode projects", () => {
    expect(packageResolvedExtractor.fileRequired("Package.resolved")).toBe(true);
    expect(
      packageResolvedExtractor.fileRequired("App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved"),
    ).toBe(true);
    expect(packageResolvedExtractor.fileRequired("Package.swift")).toBe(false);
  });

  it("reads a version 1 file (object.pins, package/repositoryURL)", async () => {
    const { packages, notes } = await run("illithid-v1.Package.resolved");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(9);
    expect(packages[0]).toEqual({
      ecosystem: "SwiftURL",
      name: "github.com/Alamofire/Alamofire",
      version: "5.4.0",
      locations: [{ path: "illithid-v1.Package.resolved", line: 5 }],
      purl: "pkg:swift/github.com/Alamofire/Alamofire@5.4.0",
    });
    expect(packages[8]).toMatchObject({
      name: "github.com/Nike-Inc/Willow",
      version: "6.0.0",
      locations: [{ line: 77 }],
    });
  });

  it("reads a version 2 file (pins, identity/location)", async () => {
    const { packages, notes } = await run("sourcery-v2.Package.resolved");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(13);
    expect(packages[0]).toMatchObject({ name: "github.com/tadija/AEXML", version: "4.6.1", locations: [{ line: 4 }] });
    expect(packages.find((p) => p.version === "8.24.6")?.name).toBe("github.com/tuist/xcodeproj");
    expect(packages.find((p) => p.name === "github.com/swiftlang/swift-syntax")?.version).toBe("600.0.1");
    expect(packages[12]).toMatchObject({ name: "github.com/jpsim/Yams", locations: [{ line: 112 }] });
  });

  it("reads a version 3 file (originHash)", async () => {
    const { packages, notes } = await run("memevapor-v3.Package.resolved");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(8);
    expect(packages.find((p) => p.name === "github.com/apple/swift-nio")).toEqual({
      ecosystem: "SwiftURL",
      name: "github.com/apple/swift-nio",
      version: "2.77.0",
      locations: [{ path: "memevapor-v3.Package.resolved", line: 41 }],
      purl: "pkg:swift/github.com/apple/swift-nio@2.77.0",
    });
  });

  it("skips branch, local and registry pins, reads ssh URLs, notes pins it cannot name", async () => {
    const { packages, notes } = await run("branches-and-local-v2.Package.resolved");
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      "github.com/acme/private-kit@3.2.1",
      "gitlab.example.com/mobile/mirror@0.4.0",
    ]);
    expect(packages[0]?.locations).toEqual([{ path: "branches-and-local-v2.Package.resolved", line: 30 }]);
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "branches-and-local-v2.Package.resolved",
        message: "pin nolocation has no repository URL",
        line: 48,
      },
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "branches-and-local-v2.Package.resolved",
        message: "pin 6 is not an object",
      },
    ]);
  });

  it("merges two pins of the same repository and copes with escaped slashes", async () => {
    const { packages, notes } = await run("escaped-slashes-v1.Package.resolved");
    expect(notes).toEqual([]);
    expect(packages).toEqual([
      {
        ecosystem: "SwiftURL",
        name: "github.com/jpsim/Yams",
        version: "5.0.3",
        locations: [
          { path: "escaped-slashes-v1.Package.resolved", line: 5 },
          { path: "escaped-slashes-v1.Package.resolved", line: 14 },
        ],
        purl: "pkg:swift/github.com/jpsim/Yams@5.0.3",
      },
    ]);
  });

  it("turns malformed JSON, unknown versions and wrong types into notes", async () => {
    expect((await run("malformed.Package.resolved")).notes.map((n) => n.code)).toEqual([
      "BULWARK_EXTRACT_PARSE_FAILED",
    ]);
    expect((await run("future-version.Package.resolved")).notes).toEqual([
      {
        code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
        path: "future-version.Package.resolved",
        message: "Package.resolved version 4 is not 1, 2 or 3",
      },
    ]);
    expect((await run("wrong-type-v1.Package.resolved")).notes.map((n) => n.message)).toEqual([
      "`object` is not an object",
    ]);
    const pins = await runOnText(packageResolvedExtractor, "Package.resolved", '{"pins": {}, "version": 2}');
    expect(pins.notes.map((n) => n.message)).toEqual(["`pins` is not a list"]);
  });
});

describe("swiftUrlName", () => {
  it("spells repository URLs the way OSV names SwiftURL packages", () => {
    expect(swiftUrlName("https://github.com/apple/swift-nio.git")).toBe("github.com/apple/swift-nio");
    expect(swiftUrlName("http://user:token@github.com/a/b/")).toBe("github.com/a/b");
    expect(swiftUrlName("git@github.com:a/b.git")).toBe("github.com/a/b");
    expect(swiftUrlName("ssh://git@host:2222/a/b.git")).toBe("host/a/b");
    expect(swiftUrlName("file:///Users/x/lib")).toBeUndefined();
    expect(swiftUrlName("/Users/x/lib")).toBeUndefined();
    expect(swiftUrlName("https://github.com")).toBeUndefined();
  });
});

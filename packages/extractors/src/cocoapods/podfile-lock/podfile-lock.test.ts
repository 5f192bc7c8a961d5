import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { podfileLockExtractor } from "./index.ts";

const fixtures = diskRoot(`${import.meta.dirname}/fixtures`);
const run = (file: string) => runExtractor(podfileLockExtractor, fixtures, file);

describe("cocoapods/podfile-lock", () => {
  it("wants Podfile.lock files only", () => {
    expect(podfileLockExtractor.fileRequired("ios/Podfile.lock")).toBe(true);
    expect(podfileLockExtractor.fileRequired("ios/Podfile")).toBe(false);
    expect(podfileLockExtractor.fileRequired("ios/Pods/Manifest.lock")).toBe(false);
  });

  it("folds subspecs into their pod and takes direct pods from DEPENDENCIES", async () => {
    const { packages, notes } = await run("signal-ios.Podfile.lock");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(22);
    expect(packages[0]).toEqual({
      ecosystem: "CocoaPods",
      name: "AFNetworking",
      version: "3.2.1",
      locations: [2, 8, 12, 13, 14, 15].map((line) => ({ path: "signal-ios.Podfile.lock", line })),
      relation: "direct",
      purl: "pkg:cocoapods/AFNetworking@3.2.1",
    });
    // SQLCipher only comes in through YapDatabase/SQLCipher.
    expect(packages.find((p) => p.name === "SQLCipher")).toMatchObject({
      version: "4.4.0",
      relation: "transitive",
      locations: [{ line: 45 }, { line: 47 }, { line: 48 }],
    });
    expect(packages.filter((p) => p.relation === "transitive").map((p) => p.name)).toEqual(["SQLCipher"]);
    // Git pods (EXTERNAL SOURCES :git:) keep their version.
    expect(packages.find((p) => p.name === "YapDatabase")).toMatchObject({ version: "3.1.1", relation: "direct" });
    expect(packages.find((p) => p.name === "Mantle")?.version).toBe("2.1.0");
    expect(packages.find((p) => p.name === "GRKOpenSSLFramework")?.version).toBe("1.0.2.20");
    expect(packages.map((p) => p.name)).not.toContain("YapDatabase/SQLCipher");
  });

  it("skips development pods from :path, keeps :podspec pods, notes entries without a version", async () => {
    const { packages, notes } = await run("dev-pods-and-subspecs.Podfile.lock");
    expect(packages.map((p) => `${p.name}@${p.version}:${p.relation}`)).toEqual([
      "boost@1.84.0:direct",
      "Firebase@10.22.0:direct",
      "FirebaseCore@10.22.0:transitive",
      "FirebaseMessaging@10.22.0:transitive",
      "GoogleUtilities@7.13.0:transitive",
    ]);
    expect(packages[1]?.locations).toEqual([
      { path: "dev-pods-and-subspecs.Podfile.lock", line: 3 },
      { path: "dev-pods-and-subspecs.Podfile.lock", line: 5 },
    ]);
    expect(notes.map((n) => [n.message, n.line])).toEqual([
      ["a PODS entry is not `Name (version)`", 17],
      ["a PODS entry is not `Name (version)`", 18],
    ]);
  });

  it("turns malformed YAML and wrong types into notes", async () => {
    const bad = await run("malformed.Podfile.lock");
    expect(bad.packages).toEqual([]);
    expect(bad.notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_PARSE_FAILED"]);
    expect((await run("wrong-type.Podfile.lock")).notes.map((n) => n.message)).toEqual(["`PODS` is not a list"]);
    const scalar = await runOnText(podfileLockExtractor, "Podfile.lock", "hello\n");
    expect(scalar.notes.map((n) => n.message)).toEqual(["Podfile.lock is not a YAML mapping"]);
  });

  it("reads pods without a DEPENDENCIES section, leaving the relation unknown", async () => {
    const { packages } = await runOnText(podfileLockExtractor, "Podfile.lock", "PODS:\n  - Alamofire (5.8.1)\n");
    expect(packages).toEqual([
      {
        ecosystem: "CocoaPods",
        name: "Alamofire",
        version: "5.8.1",
        locations: [{ path: "Podfile.lock", line: 2 }],
        purl: "pkg:cocoapods/Alamofire@5.8.1",
      },
    ]);
  });
});

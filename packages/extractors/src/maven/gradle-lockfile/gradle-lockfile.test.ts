import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { isDevConfiguration } from "./configurations.ts";
import { gradleLockfileExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));

describe("maven/gradle-lockfile", () => {
  it("wants gradle lockfiles by name, and legacy per-configuration files", () => {
    const wants = gradleLockfileExtractor.fileRequired;
    expect(wants("gradle.lockfile")).toBe(true);
    expect(wants("app/buildscript-gradle.lockfile")).toBe(true);
    expect(wants("gradle/dependency-locks/compileClasspath.lockfile")).toBe(true);
    expect(wants("sub/gradle/dependency-locks/testRuntimeClasspath.lockfile")).toBe(true);
    expect(wants("other/compileClasspath.lockfile")).toBe(false);
    expect(wants("build.gradle")).toBe(false);
  });

  it("classifies configurations", () => {
    for (const c of ["testRuntimeClasspath", "integrationTestCompileClasspath", "androidTestImplementation"])
      expect(isDevConfiguration(c)).toBe(true);
    for (const c of ["debugUnitTestRuntimeClasspath", "jmhRuntimeClasspath", "checkstyle", "spotbugs"])
      expect(isDevConfiguration(c)).toBe(true);
    for (const c of ["compileClasspath", "runtimeClasspath", "releaseRuntimeClasspath", "antlr4", "contestRuntime"])
      expect(isDevConfiguration(c)).toBe(false);
  });

  it("reads JabRef's lockfile with scopes from its configurations", async () => {
    const { packages, notes } = await runExtractor(gradleLockfileExtractor, root, "jabref/gradle.lockfile");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(32);
    expect(packages.find((p) => p.name === "com.google.guava:guava")).toEqual({
      ecosystem: "Maven",
      name: "com.google.guava:guava",
      version: "31.1-jre",
      purl: "pkg:maven/com.google.guava/guava@31.1-jre",
      locations: [{ path: "jabref/gradle.lockfile", line: 11 }],
    });
    expect(packages.filter((p) => p.name === "com.ibm.icu:icu4j").map((p) => p.version)).toEqual(["69.1", "71.1"]);
    expect(packages.find((p) => p.name === "com.tngtech.archunit:archunit")).toMatchObject({
      scope: "dev",
      locations: [{ path: "jabref/gradle.lockfile", line: 20 }],
    });
    expect(packages.find((p) => p.name === "com.puppycrawl.tools:checkstyle")?.scope).toBe("dev");
    expect(packages.find((p) => p.name === "net.sf.jopt-simple:jopt-simple")?.scope).toBe("dev");
    // Also on the runtime classpath, so production.
    expect(packages.find((p) => p.name === "org.apache.commons:commons-text")?.scope).toBeUndefined();
    // A project-specific plugin configuration is not known to be build-only.
    expect(packages.find((p) => p.name === "classworlds:classworlds")?.scope).toBeUndefined();
    expect(packages.filter((p) => p.scope === "dev")).toHaveLength(12);
    expect(packages.every((p) => p.relation === undefined)).toBe(true);
  });

  it("marks buildscript lockfile entries as dev (build tooling)", async () => {
    const { packages, notes } = await runExtractor(gradleLockfileExtractor, root, "jabref/buildscript-gradle.lockfile");
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}:${p.scope}`)).toEqual([
      "com.adarshr:gradle-test-logger-plugin@3.2.0:dev",
      "org.openjfx:javafx-plugin@0.0.13:dev",
    ]);
  });

  it("reads legacy per-configuration lockfiles, taking the configuration from the file name", async () => {
    const test = await runExtractor(
      gradleLockfileExtractor,
      root,
      "legacy/gradle/dependency-locks/testRuntimeClasspath.lockfile",
    );
    expect(test.packages.map((p) => `${p.name}@${p.version}:${p.scope}`)).toEqual([
      "junit:junit@4.13.2:dev",
      "org.hamcrest:hamcrest-core@1.3:dev",
    ]);
    expect(test.notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "legacy/gradle/dependency-locks/testRuntimeClasspath.lockfile",
        message: "1 line(s) are not group:artifact:version=configurations",
        line: 6,
      },
    ]);
    const main = await runExtractor(
      gradleLockfileExtractor,
      root,
      "legacy/gradle/dependency-locks/compileClasspath.lockfile",
    );
    expect(main.packages).toEqual([
      {
        ecosystem: "Maven",
        name: "com.google.guava:guava",
        version: "31.1-jre",
        purl: "pkg:maven/com.google.guava/guava@31.1-jre",
        locations: [{ path: "legacy/gradle/dependency-locks/compileClasspath.lockfile", line: 4 }],
      },
    ]);
  });

  it("notes lines without a configuration in a modern lockfile and binary junk", async () => {
    const r = await runOnText(
      gradleLockfileExtractor,
      "gradle.lockfile",
      "a:b:1.0\nx:y=compileClasspath\n\u0000\u0001\n",
    );
    expect(r.packages).toEqual([]);
    expect(r.notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "gradle.lockfile",
        message: "3 line(s) are not group:artifact:version=configurations",
        line: 1,
      },
    ]);
  });
});

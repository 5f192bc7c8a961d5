// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Maven `${…}` property references are test data here.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { mavenPomExtractor } from "./index.ts";
import { makeInterpolator } from "./interpolate.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));

describe("maven/pom", () => {
  it("wants pom.xml files only", () => {
    expect(mavenPomExtractor.fileRequired("pom.xml")).toBe(true);
    expect(mavenPomExtractor.fileRequired("module/pom.xml")).toBe(true);
    expect(mavenPomExtractor.fileRequired("pom.xml.bak")).toBe(false);
    expect(mavenPomExtractor.fileRequired("build.gradle")).toBe(false);
  });

  it("interpolates recursively and leaves cycles and unknown names unresolved", () => {
    const i = makeInterpolator(
      new Map([
        ["a", "${b}.1"],
        ["b", "${c}"],
        ["c", "2"],
        ["x", "${y}"],
        ["y", "${x}"],
      ]),
    );
    expect(i("v${a}")).toBe("v2.1");
    expect(i("${x}")).toBe("${x}");
    expect(i("${nope}-1")).toBe("${nope}-1");
  });

  it("reads guava's module POM with versions managed by its local parent", async () => {
    const { packages, notes } = await runExtractor(mavenPomExtractor, root, "guava/guava/pom.xml");
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      "com.google.guava:failureaccess@1.0.1",
      "com.google.guava:listenablefuture@9999.0-empty-to-avoid-conflict-with-guava",
      "com.google.code.findbugs:jsr305@3.0.2",
      "org.checkerframework:checker-qual@3.12.0",
      "com.google.errorprone:error_prone_annotations@2.7.1",
      "com.google.j2objc:j2objc-annotations@1.3",
    ]);
    expect(packages[3]).toEqual({
      ecosystem: "Maven",
      name: "org.checkerframework:checker-qual",
      version: "3.12.0",
      purl: "pkg:maven/org.checkerframework/checker-qual@3.12.0",
      locations: [{ path: "guava/guava/pom.xml", line: 35 }],
      relation: "direct",
    });
    // The profile's system-scoped srczip dependency is not read.
    expect(packages.some((p) => p.name === "jdk:srczip")).toBe(false);
  });

  it("reads the parent POM itself: it has only managed versions, no dependencies", async () => {
    expect(await runExtractor(mavenPomExtractor, root, "guava/pom.xml")).toEqual({ packages: [], notes: [] });
  });

  it("resolves inherited properties, scopes and optional, and notes what has no exact version", async () => {
    const { packages, notes } = await runExtractor(mavenPomExtractor, root, "edge/app/pom.xml");
    expect(packages.map((p) => `${p.name}@${p.version}:${p.scope ?? "prod"}`)).toEqual([
      "com.fasterxml.jackson.core:jackson-databind@2.15.2:prod",
      "org.example:example-core@2.1.0:prod",
      // The child's junit.version (5.10.1) wins over the parent's when the managed version is interpolated.
      "org.junit.jupiter:junit-jupiter@5.10.1:dev",
      "javax.servlet:javax.servlet-api@4.0.1:prod",
      "org.apache.commons:commons-lang3@3.13.0:optional",
      "io.netty:netty-tcnative-boringssl-static@2.0.61.Final:prod",
    ]);
    expect(packages[5]).toEqual({
      ecosystem: "Maven",
      name: "io.netty:netty-tcnative-boringssl-static",
      version: "2.0.61.Final",
      purl: "pkg:maven/io.netty/netty-tcnative-boringssl-static@2.0.61.Final?classifier=linux-x86_64",
      locations: [
        { path: "edge/app/pom.xml", line: 61 },
        { path: "edge/app/pom.xml", line: 67 },
      ],
      relation: "direct",
    });
    const unpinned = (message: string, line: number) => ({
      code: "BULWARK_EXTRACT_UNPINNED",
      path: "edge/app/pom.xml",
      message,
      line,
    });
    expect(notes).toEqual([
      unpinned("com.google.guava:guava version [30.0,32.0) is a range, not a pin", 42),
      unpinned("org.example:unknown-version version ${undefined.prop} has an unresolved property", 47),
      unpinned("org.example:cyclic-version version ${cycle.a} has an unresolved property", 52),
      unpinned(
        "org.springframework.boot:spring-boot-starter-web has no version (none managed here or in a local parent)",
        57,
      ),
    ]);
  });

  it("notes a parent that is not in the tree and goes on with what the POM has", async () => {
    const { packages, notes } = await runExtractor(mavenPomExtractor, root, "edge/orphan/pom.xml");
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual(["org.slf4j:slf4j-api@2.0.9"]);
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_REFERENCE_MISSING",
        path: "edge/orphan/pom.xml",
        message: "parent POM com.acme:acme-parent:7 not found at edge/pom.xml",
      },
      {
        code: "BULWARK_EXTRACT_UNPINNED",
        path: "edge/orphan/pom.xml",
        message: "com.acme:acme-util version ${acme.version} has an unresolved property",
        line: 13,
      },
    ]);
  });

  it("does not take a POM of another artifact as the parent", async () => {
    const { packages, notes } = await runExtractor(mavenPomExtractor, root, "edge/mismatch/pom.xml");
    expect(packages).toEqual([]);
    expect(notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_REFERENCE_MISSING", "BULWARK_EXTRACT_UNPINNED"]);
    expect(notes[0]?.message).toBe(
      "parent POM org.example:other-parent:1.0 not found: edge/parent/pom.xml is org.example:example-parent",
    );
  });

  it("does not look for a parent declared with an empty relativePath", async () => {
    const pom = `<project><parent><groupId>org.springframework.boot</groupId>
<artifactId>spring-boot-starter-parent</artifactId><version>3.1.4</version><relativePath/></parent>
<artifactId>web</artifactId><dependencies><dependency><groupId>org.springframework.boot</groupId>
<artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>`;
    const { packages, notes } = await runOnText(mavenPomExtractor, "pom.xml", pom);
    expect(packages).toEqual([]);
    expect(notes.map((n) => [n.code, n.line])).toEqual([["BULWARK_EXTRACT_UNPINNED", 4]]);
  });

  it("notes malformed XML, other XML documents and external entities (XXE)", async () => {
    const bad = await runOnText(mavenPomExtractor, "pom.xml", "<project><dependencies></project>");
    expect(bad.packages).toEqual([]);
    expect(bad.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    const other = await runOnText(mavenPomExtractor, "pom.xml", "<settings><x>1</x></settings>");
    expect(other.notes[0]?.message).toBe("no <project> root element: not a Maven POM");
    const xxe = `<?xml version="1.0"?><!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>&xxe;</version></dependency></dependencies></project>`;
    const r = await runOnText(mavenPomExtractor, "pom.xml", xxe);
    expect(r.packages).toEqual([]);
    expect(r.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    expect(JSON.stringify(r)).not.toContain("root:");
  });

  it("leaves internal entities unexpanded and the version unknown", async () => {
    const pom = `<?xml version="1.0"?><!DOCTYPE project [<!ENTITY v "1.0.0">]>
<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>&v;</version></dependency></dependencies></project>`;
    const { packages, notes } = await runOnText(mavenPomExtractor, "pom.xml", pom);
    expect(packages).toEqual([]);
    expect(notes.map((n) => [n.code, n.message])).toEqual([
      ["BULWARK_EXTRACT_UNPINNED", "a:b version &v; uses an XML entity"],
    ]);
  });
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, memoryRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { apkExtractor } from "./index.ts";

const ROOT = join(import.meta.dirname, "fixtures", "alpine320");
const DB = "lib/apk/db/installed";

describe("os/apk", () => {
  it("wants lib/apk/db/installed only", () => {
    expect(apkExtractor.fileRequired(DB)).toBe(true);
    expect(apkExtractor.fileRequired("rootfs/lib/apk/db/installed")).toBe(true);
    expect(apkExtractor.fileRequired("lib/apk/db/triggers")).toBe(false);
    expect(apkExtractor.fileRequired("installed")).toBe(false);
  });

  it("reads a real Alpine 3.20 database with its os-release", async () => {
    const { packages, notes } = await runExtractor(apkExtractor, diskRoot(ROOT), DB);
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(26);
    expect(new Set(packages.map((p) => p.ecosystem))).toEqual(new Set(["Alpine:v3.20"]));
    expect(packages.find((p) => p.name === "libssl3")).toEqual({
      ecosystem: "Alpine:v3.20",
      name: "libssl3",
      version: "3.3.1-r3",
      locations: [{ path: DB, line: 352 }],
      sourceName: "openssl",
      sourceVersion: "3.3.1-r3",
      purl: "pkg:apk/alpine/libssl3@3.3.1-r3?arch=x86_64&distro=alpine-3.20",
    });
    expect(packages[0]).toMatchObject({
      name: "alpine-baselayout",
      version: "3.6.5-r0",
      locations: [{ path: DB, line: 2 }],
    });
    expect(packages.find((p) => p.name === "scanelf")).toMatchObject({ sourceName: "pax-utils", version: "1.3.7-r2" });
    expect(packages.filter((p) => p.sourceName === "busybox").map((p) => p.name)).toEqual([
      "busybox",
      "busybox-binsh",
      "ssl_client",
    ]);
  });

  it("names Wolfi and Chainguard ecosystems from os-release, plain Alpine without one", async () => {
    const db = "P:glibc\nV:2.40-r3\nA:x86_64\no:glibc\n";
    const wolfi = await runOnText(apkExtractor, DB, db, {}, { osRelease: { ID: "wolfi", VERSION_ID: "20230201" } });
    expect(wolfi.packages[0]).toMatchObject({ ecosystem: "Wolfi", purl: "pkg:apk/wolfi/glibc@2.40-r3?arch=x86_64" });
    const cg = await runOnText(apkExtractor, DB, db, { "etc/os-release": 'ID="chainguard"\nNAME="Chainguard"\n' });
    expect(cg.packages[0]?.ecosystem).toBe("Chainguard");
    const bare = await runOnText(apkExtractor, DB, db);
    expect(bare.packages[0]).toMatchObject({ ecosystem: "Alpine", purl: "pkg:apk/alpine/glibc@2.40-r3?arch=x86_64" });
  });

  it("reads the os-release beside a nested rootfs", async () => {
    const path = "layers/a/lib/apk/db/installed";
    const root = memoryRoot({
      [path]: "P:musl\nV:1.2.2-r3\n",
      "layers/a/etc/os-release": "ID=alpine\nVERSION_ID=3.14.2\n",
    });
    const { packages } = await runExtractor(apkExtractor, root, path);
    expect(packages[0]).toMatchObject({
      ecosystem: "Alpine:v3.14",
      sourceName: "musl",
      locations: [{ path, line: 1 }],
    });
  });

  it("notes blocks without a name or version and malformed lines, keeping the rest", async () => {
    const db = [
      "P:good",
      "V:1.0-r0",
      "",
      "V:2.0-r0",
      "A:x86_64",
      "",
      "P:no-version",
      "A:x86_64",
      "",
      "P:bad-line",
      "V:1.0-r0",
      "this is not a record",
      "",
      "P:good",
      "V:1.0-r0",
      "",
    ].join("\n");
    const { packages, notes } = await runOnText(apkExtractor, DB, db);
    expect(packages).toEqual([
      {
        ecosystem: "Alpine",
        name: "good",
        version: "1.0-r0",
        locations: [
          { path: DB, line: 1 },
          { path: DB, line: 14 },
        ],
        sourceName: "good",
        sourceVersion: "1.0-r0",
        purl: "pkg:apk/alpine/good@1.0-r0",
      },
    ]);
    expect(notes.map((n) => [n.code, n.line])).toEqual([
      ["BULWARK_EXTRACT_PARSE_FAILED", 4],
      ["BULWARK_EXTRACT_PARSE_FAILED", 7],
      ["BULWARK_EXTRACT_PARSE_FAILED", 12],
    ]);
  });

  it("gives nothing for an empty database and a note for binary content", async () => {
    expect(await runOnText(apkExtractor, DB, "")).toEqual({ packages: [], notes: [] });
    const bin = await runOnText(apkExtractor, DB, "\u0000\u0000PK");
    expect(bin.notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_PARSE_FAILED"]);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryRoot, runExtractor } from "../../shared/testing.ts";
import { readHeader, splitSourceRpm } from "./header.ts";
import { rpmExtractor } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const RPMDB = readFileSync(join(FIXTURES, "rpmdb.sqlite"));
const CORRUPT = readFileSync(join(FIXTURES, "rpmdb-corrupt.sqlite"));
const DB = "var/lib/rpm/rpmdb.sqlite";
// AlmaLinux 9.2's /etc/os-release as printed in ROCm/ROCm issue #2562.
const ALMA_9 = `NAME="AlmaLinux"
VERSION="9.2 (Turquoise Kodkod)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.2"
PLATFORM_ID="platform:el9"
PRETTY_NAME="AlmaLinux 9.2 (Turquoise Kodkod)"
CPE_NAME="cpe:/o:almalinux:almalinux:9::baseos"
`;

function run(files: Record<string, string | Uint8Array>, path = DB) {
  return runExtractor(rpmExtractor, memoryRoot(files), path);
}

describe("os/rpm", () => {
  it("wants rpmdb.sqlite and the legacy databases in rpm's directories only", () => {
    expect(rpmExtractor.fileRequired(DB)).toBe(true);
    expect(rpmExtractor.fileRequired("usr/lib/sysimage/rpm/rpmdb.sqlite")).toBe(true);
    expect(rpmExtractor.fileRequired("img/var/lib/rpm/rpmdb.sqlite")).toBe(true);
    expect(rpmExtractor.fileRequired("var/lib/rpm/Packages")).toBe(true);
    expect(rpmExtractor.fileRequired("usr/lib/sysimage/rpm/Packages.db")).toBe(true);
    expect(rpmExtractor.fileRequired("rpmdb.sqlite")).toBe(false);
    expect(rpmExtractor.fileRequired("debian/dists/Packages")).toBe(false);
    expect(rpmExtractor.fileRequired("var/lib/rpm/rpmdb.sqlite-wal")).toBe(false);
  });

  it("reads a real rpm 4.18 sqlite database (WAL mode) on AlmaLinux 9", async () => {
    const { packages, notes } = await run({ [DB]: RPMDB, "etc/os-release": ALMA_9 });
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(4);
    expect(packages).toEqual([
      {
        ecosystem: "AlmaLinux:9",
        name: "bulwark-hello",
        version: "1.2.3-4.el9",
        locations: [{ path: DB }],
        sourceName: "bulwark-hello",
        sourceVersion: "1.2.3-4.el9",
        purl: "pkg:rpm/almalinux/bulwark-hello@1.2.3-4.el9?arch=x86_64&distro=almalinux-9",
      },
      expect.objectContaining({
        name: "bulwark-crypto-libs",
        sourceName: "bulwark-crypto",
        sourceVersion: "2.0.1-1.el9_2",
      }),
      expect.objectContaining({ name: "bulwark-crypto", version: "2.0.1-1.el9_2", sourceName: "bulwark-crypto" }),
      {
        ecosystem: "AlmaLinux:9",
        name: "bulwark-epoch",
        version: "1:3.0.7-27.el9",
        locations: [{ path: DB }],
        sourceName: "bulwark-epoch",
        sourceVersion: "1:3.0.7-27.el9",
        purl: "pkg:rpm/almalinux/bulwark-epoch@3.0.7-27.el9?arch=noarch&distro=almalinux-9&epoch=1",
      },
    ]);
  });

  it("names the ecosystem from os-release: Rocky, RHEL, openSUSE under usr/lib/sysimage", async () => {
    const ctx = { osRelease: { ID: "rocky", VERSION_ID: "9.3" } };
    const rocky = await runExtractor(rpmExtractor, memoryRoot({ [DB]: RPMDB }), DB, ctx);
    expect(rocky.packages[0]?.ecosystem).toBe("Rocky Linux:9");
    const rhel = await run({ [DB]: RPMDB, "usr/lib/os-release": 'ID="rhel"\nVERSION_ID="9.4"\n' });
    expect(rhel.packages[0]).toMatchObject({
      ecosystem: "Red Hat",
      purl: "pkg:rpm/redhat/bulwark-hello@1.2.3-4.el9?arch=x86_64",
    });
    const sysimage = "usr/lib/sysimage/rpm/rpmdb.sqlite";
    const leap = await run(
      { [sysimage]: RPMDB, "etc/os-release": 'ID="opensuse-leap"\nVERSION_ID="15.5"\n' },
      sysimage,
    );
    expect(leap.packages[0]).toMatchObject({ ecosystem: "openSUSE:Leap 15.5", locations: [{ path: sysimage }] });
  });

  it("keeps packages of a distribution OSV lacks under rpm:<ID>, with a purl of its own", async () => {
    const fedora = await run({ [DB]: RPMDB, "etc/os-release": "ID=fedora\nVERSION_ID=40\n" });
    expect(fedora.packages[3]).toMatchObject({
      ecosystem: "rpm:fedora",
      version: "1:3.0.7-27.el9",
      purl: "pkg:rpm/fedora/bulwark-epoch@3.0.7-27.el9?arch=noarch&distro=fedora-40&epoch=1",
    });
    const none = await run({ [DB]: RPMDB });
    expect(none.packages[0]).toMatchObject({ ecosystem: "rpm", purl: "pkg:rpm/bulwark-hello@1.2.3-4.el9?arch=x86_64" });
  });

  it("skips corrupt header blobs with a note each and keeps the good ones", async () => {
    const { packages, notes } = await run({ [DB]: CORRUPT, "etc/os-release": ALMA_9 });
    expect(packages.map((p) => p.name)).toEqual(["bulwark-crypto", "bulwark-epoch"]);
    expect(notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_PARSE_FAILED", "BULWARK_EXTRACT_PARSE_FAILED"]);
    expect(notes[0]?.message).toContain("#1");
    expect(notes[1]?.message).toContain("index entries");
  });

  it("notes a file that is not an SQLite database, or one without a Packages table", async () => {
    const junk = await run({ [DB]: "definitely not sqlite" });
    expect(junk.notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_PARSE_FAILED"]);
    const truncated = await run({ [DB]: RPMDB.subarray(0, 600) });
    expect(truncated.packages).toEqual([]);
    expect(truncated.notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_PARSE_FAILED"]);
  });

  it("reports BerkeleyDB and NDB databases as unsupported", async () => {
    const bdb = await run({ "var/lib/rpm/Packages": new Uint8Array(64) }, "var/lib/rpm/Packages");
    expect(bdb.notes).toEqual([
      expect.objectContaining({ code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", path: "var/lib/rpm/Packages" }),
    ]);
    const ndb = await run({ "usr/lib/sysimage/rpm/Packages.db": "x" }, "usr/lib/sysimage/rpm/Packages.db");
    expect(ndb.notes[0]?.code).toBe("BULWARK_EXTRACT_FORMAT_UNSUPPORTED");
  });
});

describe("rpm header blobs", () => {
  const blob = (il: number, dl: number, rest: number[] = []) => {
    const b = new Uint8Array(8 + rest.length);
    const v = new DataView(b.buffer);
    v.setUint32(0, il);
    v.setUint32(4, dl);
    b.set(rest, 8);
    return b;
  };

  it("rejects headers whose counts do not fit the blob", () => {
    expect(readHeader(new Uint8Array(4))).toMatch(/shorter/);
    expect(readHeader(blob(0, 0))).toMatch(/0 index entries/);
    expect(readHeader(blob(1, 100))).toMatch(/needs 124 bytes/);
  });

  it("rejects offsets outside the data and unterminated strings", () => {
    // One NAME entry (tag 1000, STRING) pointing at offset 8 of 4 data bytes.
    const entry = [0, 0, 3, 232, 0, 0, 0, 6, 0, 0, 0, 8, 0, 0, 0, 1];
    expect(readHeader(blob(1, 4, [...entry, 97, 98, 99, 0]))).toMatch(/outside/);
    const atZero = [0, 0, 3, 232, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(readHeader(blob(1, 3, [...atZero, 97, 98, 99]))).toMatch(/NUL-terminated/);
    expect(readHeader(blob(1, 4, [...atZero, 97, 98, 99, 0]))).toMatch(/lacks NAME, VERSION or RELEASE/);
  });

  it("splits source RPM file names", () => {
    expect(splitSourceRpm("openssl-3.0.7-27.el9.src.rpm")).toEqual({ name: "openssl", versionRelease: "3.0.7-27.el9" });
    expect(splitSourceRpm("python3.11-3.11.5-1.el9_3.src.rpm")).toEqual({
      name: "python3.11",
      versionRelease: "3.11.5-1.el9_3",
    });
    expect(splitSourceRpm("kernel-5.14.0-1.nosrc.rpm")).toEqual({ name: "kernel", versionRelease: "5.14.0-1" });
    expect(splitSourceRpm("(none)")).toBeUndefined();
  });
});

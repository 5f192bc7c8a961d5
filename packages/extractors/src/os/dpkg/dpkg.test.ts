import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, memoryRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { dpkgExtractor } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const STATUS = "var/lib/dpkg/status";
const UBUNTU_2204 =
  'NAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\n';

describe("os/dpkg", () => {
  it("wants the status file and distroless status.d entries, not their md5sums", () => {
    expect(dpkgExtractor.fileRequired(STATUS)).toBe(true);
    expect(dpkgExtractor.fileRequired("rootfs/var/lib/dpkg/status")).toBe(true);
    expect(dpkgExtractor.fileRequired("var/lib/dpkg/status.d/libssl3")).toBe(true);
    expect(dpkgExtractor.fileRequired("var/lib/dpkg/status.d/libssl3.md5sums")).toBe(false);
    expect(dpkgExtractor.fileRequired("var/lib/dpkg/status-old")).toBe(false);
    expect(dpkgExtractor.fileRequired("docs/status")).toBe(false);
    expect(dpkgExtractor.fileRequired("var/lib/dpkg/info/libssl3:amd64.list")).toBe(false);
  });

  it("reads a real Debian 12 status file with its os-release", async () => {
    const { packages, notes } = await runExtractor(dpkgExtractor, diskRoot(join(FIXTURES, "debian12")), STATUS);
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(33);
    expect(new Set(packages.map((p) => p.ecosystem))).toEqual(new Set(["Debian:12"]));
    const libssl = packages.find((p) => p.name === "libssl3");
    expect(libssl).toEqual({
      ecosystem: "Debian:12",
      name: "libssl3",
      version: "3.0.19-1~deb12u2",
      locations: [{ path: STATUS, line: 503 }],
      sourceName: "openssl",
      sourceVersion: "3.0.19-1~deb12u2",
      purl: "pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12",
    });
  });

  it("takes the source version from `Source: name (version)` (binNMU) and defaults the source to the binary", async () => {
    const { packages } = await runExtractor(dpkgExtractor, diskRoot(join(FIXTURES, "debian12")), STATUS);
    const bash = packages.find((p) => p.name === "bash");
    expect(bash).toMatchObject({ version: "5.2.15-2+b8", sourceName: "bash", sourceVersion: "5.2.15-2" });
    const git = packages.find((p) => p.name === "git");
    expect(git).toMatchObject({
      version: "1:2.39.5-0+deb12u3",
      sourceName: "git",
      sourceVersion: "1:2.39.5-0+deb12u3",
    });
    expect(git?.locations).toEqual([{ path: STATUS, line: 207 }]);
    expect(packages.find((p) => p.name === "tzdata")?.purl).toMatch(
      /^pkg:deb\/debian\/tzdata@.*\?arch=all&distro=debian-12$/,
    );
  });

  it("uses the Ubuntu release from os-release, LTS suffix included", async () => {
    const status =
      "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.2-0ubuntu1.15\n";
    const { packages } = await runOnText(dpkgExtractor, STATUS, status, { "etc/os-release": UBUNTU_2204 });
    expect(packages).toEqual([
      {
        ecosystem: "Ubuntu:22.04:LTS",
        name: "libssl3",
        version: "3.0.2-0ubuntu1.15",
        locations: [{ path: STATUS, line: 1 }],
        sourceName: "openssl",
        sourceVersion: "3.0.2-0ubuntu1.15",
        purl: "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15?arch=amd64&distro=ubuntu-22.04",
      },
    ]);
  });

  it("prefers the walker's os-release for the root, falls back to usr/lib/os-release, else plain Debian", async () => {
    const status = "Package: a\nStatus: install ok installed\nVersion: 1\n";
    const ctx = { osRelease: { ID: "debian", VERSION_ID: "11" } };
    expect((await runOnText(dpkgExtractor, STATUS, status, {}, ctx)).packages[0]?.ecosystem).toBe("Debian:11");
    const usrLib = { "usr/lib/os-release": "ID=debian\nVERSION_CODENAME=trixie\n" };
    expect((await runOnText(dpkgExtractor, STATUS, status, usrLib)).packages[0]?.ecosystem).toBe("Debian:13");
    expect((await runOnText(dpkgExtractor, STATUS, status)).packages[0]?.ecosystem).toBe("Debian");
  });

  it("reads the os-release of a rootfs nested in the scanned tree", async () => {
    const status = "Package: a\nStatus: install ok installed\nVersion: 1\n";
    const path = "images/jammy/var/lib/dpkg/status";
    const root = memoryRoot({
      [path]: status,
      "images/jammy/etc/os-release": UBUNTU_2204,
      "etc/os-release": "ID=debian\n",
    });
    const ctx = { osRelease: { ID: "debian", VERSION_ID: "12" } };
    expect((await runExtractor(dpkgExtractor, root, path, ctx)).packages[0]?.ecosystem).toBe("Ubuntu:22.04:LTS");
  });

  it("reads distroless status.d entries (no Status field) with the image's os-release", async () => {
    const root = diskRoot(join(FIXTURES, "distroless"));
    const ctx = { osRelease: { ID: "debian", VERSION_ID: "12" } };
    const { packages, notes } = await runExtractor(dpkgExtractor, root, "var/lib/dpkg/status.d/libssl3", ctx);
    expect(notes).toEqual([]);
    expect(packages).toEqual([
      {
        ecosystem: "Debian:12",
        name: "libssl3",
        version: "3.0.19-1~deb12u2",
        locations: [{ path: "var/lib/dpkg/status.d/libssl3", line: 1 }],
        sourceName: "openssl",
        sourceVersion: "3.0.19-1~deb12u2",
        purl: "pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12",
      },
    ]);
    const libc = await runExtractor(dpkgExtractor, root, "var/lib/dpkg/status.d/libc6", ctx);
    expect(libc.packages.map((p) => [p.name, p.sourceName])).toEqual([["libc6", "glibc"]]);
  });

  it("skips packages that are not installed, merges repeats and notes malformed paragraphs", async () => {
    const { packages, notes } = await runExtractor(dpkgExtractor, diskRoot(join(FIXTURES, "edge")), STATUS);
    expect(packages).toEqual([
      {
        ecosystem: "Debian",
        name: "held-pkg",
        version: "0.9-3+b1",
        locations: [
          { path: STATUS, line: 14 },
          { path: STATUS, line: 41 },
        ],
        sourceName: "held-src",
        sourceVersion: "0.9-3",
        purl: "pkg:deb/debian/held-pkg@0.9-3+b1?arch=arm64",
      },
      expect.objectContaining({ name: "lower-case-fields", version: "3.1-2", locations: [{ path: STATUS, line: 36 }] }),
    ]);
    expect(notes.map((n) => [n.code, n.line])).toEqual([
      ["BULWARK_EXTRACT_PARSE_FAILED", 24],
      ["BULWARK_EXTRACT_PARSE_FAILED", 28],
      ["BULWARK_EXTRACT_PARSE_FAILED", 33],
    ]);
    expect(notes[0]?.message).toContain("no-version");
  });

  it("gives nothing for an empty status file and a note for binary content", async () => {
    expect(await runOnText(dpkgExtractor, STATUS, "")).toEqual({ packages: [], notes: [] });
    const bin = await runOnText(dpkgExtractor, STATUS, "\u0000\u0001\u0002garbage");
    expect(bin.packages).toEqual([]);
    expect(bin.notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_PARSE_FAILED"]);
  });

  it("reads CRLF line endings", async () => {
    const { packages } = await runOnText(
      dpkgExtractor,
      STATUS,
      "Package: a\r\nStatus: install ok installed\r\nVersion: 1.2\r\n\r\n",
    );
    expect(packages.map((p) => [p.name, p.version])).toEqual([["a", "1.2"]]);
  });
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import type { ExtractedPackage } from "../../types.ts";
import { cargoLockExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const find = (pkgs: ExtractedPackage[], name: string, version?: string) =>
  pkgs.find((p) => p.name === name && (version === undefined || p.version === version));

describe("cargo/cargo-lock", () => {
  it("wants Cargo.lock files only", () => {
    expect(cargoLockExtractor.fileRequired("Cargo.lock")).toBe(true);
    expect(cargoLockExtractor.fileRequired("crates/x/Cargo.lock")).toBe(true);
    expect(cargoLockExtractor.fileRequired("Cargo.toml")).toBe(false);
    expect(cargoLockExtractor.fileRequired("cargo.lock")).toBe(false);
  });

  it("reads ripgrep's v4 lockfile: 52 registry crates, workspace members left out", async () => {
    const { packages, notes } = await runExtractor(cargoLockExtractor, root, "v4-ripgrep/Cargo.lock");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(52);
    expect(find(packages, "ripgrep")).toBeUndefined();
    expect(find(packages, "grep-searcher")).toBeUndefined();
    expect(find(packages, "aho-corasick")).toEqual({
      ecosystem: "crates.io",
      name: "aho-corasick",
      version: "1.1.5",
      purl: "pkg:cargo/aho-corasick@1.1.5",
      locations: [{ path: "v4-ripgrep/Cargo.lock", line: 6 }],
      relation: "direct",
    });
    // Two versions of syn; only transitive (via derive_arbitrary and serde_derive).
    expect(find(packages, "syn", "2.0.119")?.relation).toBe("transitive");
    expect(find(packages, "syn", "3.0.3")?.relation).toBe("transitive");
    expect(find(packages, "tikv-jemalloc-sys")?.version).toBe(
      "0.7.1+5.3.1-0-g81034ce1f1373e37dc865038e1bc8eeecf559ce8",
    );
    expect(find(packages, "tikv-jemallocator")?.relation).toBe("direct");
    expect(find(packages, "zmij")?.locations).toEqual([{ path: "v4-ripgrep/Cargo.lock", line: 589 }]);
    expect(packages.filter((p) => p.relation === "direct")).toHaveLength(29);
  });

  it("reads a v2 lockfile (no version key, inline checksums)", async () => {
    const { packages, notes } = await runExtractor(cargoLockExtractor, root, "v2-rust-envsys/Cargo.lock");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(18);
    expect(packages.filter((p) => p.relation === "direct").map((p) => p.name)).toEqual(["nix", "plist"]);
    expect(find(packages, "chrono")).toMatchObject({ version: "0.4.19", relation: "transitive" });
    expect(find(packages, "chrono")?.locations[0]?.line).toBe(34);
  });

  it("reads a v1 lockfile with [root] and [metadata], keeping the git-sourced crate", async () => {
    const { packages, notes } = await runExtractor(cargoLockExtractor, root, "v1-xi-rope-fuzz/Cargo.lock");
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      "bytecount@0.1.6",
      "gcc@0.3.46",
      "libc@0.2.22",
      "libfuzzer-sys@0.1.0",
      "memchr@1.0.1",
    ]);
    // [root] names libfuzzer-sys; the path member xi-rope names bytecount and memchr.
    expect(packages.filter((p) => p.relation === "direct").map((p) => p.name)).toEqual([
      "bytecount",
      "libfuzzer-sys",
      "memchr",
    ]);
    expect(find(packages, "libfuzzer-sys")?.locations).toEqual([{ path: "v1-xi-rope-fuzz/Cargo.lock", line: 25 }]);
  });

  it("merges one crate from two sources and notes an entry without a version", async () => {
    const { packages, notes } = await runExtractor(cargoLockExtractor, root, "v3-edge-cases/Cargo.lock");
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual(["rand@0.8.5", "serde@1.0.188"]);
    expect(find(packages, "rand")?.locations).toEqual([
      { path: "v3-edge-cases/Cargo.lock", line: 22 },
      { path: "v3-edge-cases/Cargo.lock", line: 27 },
    ]);
    expect(find(packages, "rand")?.relation).toBe("direct");
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "v3-edge-cases/Cargo.lock",
        message: "[[package]] #6 has no name or version",
        line: 39,
      },
    ]);
  });

  it("notes malformed TOML, an unknown format version and a wrong `package` type", async () => {
    const bad = await runOnText(cargoLockExtractor, "Cargo.lock", '[[package]]\nname = "x\n');
    expect(bad.packages).toEqual([]);
    expect(bad.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    expect(bad.notes[0]?.message).toMatch(/^invalid TOML: /);

    const future = await runOnText(cargoLockExtractor, "Cargo.lock", "version = 5\n");
    expect(future.notes).toEqual([
      { code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", path: "Cargo.lock", message: "Cargo.lock version 5" },
    ]);

    const wrong = await runOnText(cargoLockExtractor, "Cargo.lock", "package = 5\n");
    expect(wrong.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");

    const empty = await runOnText(cargoLockExtractor, "Cargo.lock", "version = 4\n");
    expect(empty).toEqual({ packages: [], notes: [] });
  });
});

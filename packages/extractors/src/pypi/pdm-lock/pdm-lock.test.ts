import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor } from "../../shared/testing.ts";
import { pdmLockExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const run = (path: string) => runExtractor(pdmLockExtractor, root, path);

describe("pypi/pdm-lock", () => {
  it("wants pdm.lock only", () => {
    expect(pdmLockExtractor.fileRequired("x/pdm.lock")).toBe(true);
    expect(pdmLockExtractor.fileRequired("pdm.toml")).toBe(false);
  });

  it("reads PDM's own lock: groups other than default are dev", async () => {
    const { packages, notes } = await run("pdm/pdm.lock");
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}:${p.scope ?? "prod"}`)).toEqual([
      "annotated-types@0.7.0:dev",
      "anyio@4.9.0:prod",
      "arpeggio@2.0.2:dev",
      "arrow@1.3.0:dev",
      "backports-tarfile@1.2.0:dev",
      "blinker@1.9.0:prod",
      "certifi@2025.4.26:prod",
      "cffi@1.17.1:dev",
    ]);
    expect(packages[1]).toEqual({
      ecosystem: "PyPI",
      name: "anyio",
      version: "4.9.0",
      purl: "pkg:pypi/anyio@4.9.0",
      locations: [{ path: "pdm/pdm.lock", line: 27 }],
    });
  });

  it("skips the local project, keeps git packages, leaves ungrouped entries unscoped", async () => {
    const { packages, notes } = await run("local.lock");
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}:${p.scope ?? "prod"}`)).toEqual([
      "click@8.1.7:prod",
      "pytest@8.0.0:dev",
      "ungrouped@1.0:prod",
    ]);
    expect(packages[0]?.locations).toEqual([{ path: "local.lock", line: 13 }]);
  });

  it("notes a newer lock_version, bad TOML and incomplete entries", async () => {
    expect((await run("future-version.lock")).notes).toEqual([
      { code: "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", path: "future-version.lock", message: "pdm.lock lock_version 5.0" },
    ]);
    expect((await run("malformed.lock")).notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    const missing = await run("missing-fields.lock");
    expect(missing.packages).toEqual([]);
    expect(missing.notes.map((n) => `${n.code}:${n.line}`)).toEqual([
      "BULWARK_EXTRACT_PARSE_FAILED:4",
      "BULWARK_EXTRACT_PARSE_FAILED:7",
    ]);
  });
});

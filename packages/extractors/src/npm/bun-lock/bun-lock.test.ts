import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import type { ExtractedPackage } from "../../types.ts";
import { bunLockExtractor } from "./index.ts";
import { stripJsonc } from "./jsonc.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const summary = (pkgs: ExtractedPackage[]) =>
  Object.fromEntries(
    pkgs.map((p) => [`${p.name}@${p.version}`, `${p.relation}/${p.scope ?? "prod"}/${p.locations[0]?.line}`]),
  );

describe("npm/bun-lock", () => {
  it("wants bun.lock and bun.lockb", () => {
    expect(bunLockExtractor.fileRequired("bun.lock")).toBe(true);
    expect(bunLockExtractor.fileRequired("web/bun.lockb")).toBe(true);
    expect(bunLockExtractor.fileRequired("bun.lock.json")).toBe(false);
    expect(bunLockExtractor.detect?.('{\n  "lockfileVersion": 1,\n  "workspaces": {')).toBe(true);
    expect(bunLockExtractor.detect?.('{\n  "lockfileVersion": 3,\n  "requires": true,')).toBe(false);
  });

  it("strips comments and trailing commas but not look-alikes inside strings", () => {
    expect(JSON.parse(stripJsonc('{"a": "x,}//y", // c\n "b": [1, 2,], /* d */ }'))).toEqual({
      a: "x,}//y",
      b: [1, 2],
    });
    expect(JSON.parse(stripJsonc('{"a": "quote \\" , ]"}'))).toEqual({ a: 'quote " , ]' });
  });

  it("reads a real bun.lock with workspaces", async () => {
    const r = await runExtractor(bunLockExtractor, root, "real/bun.lock");
    expect(r.notes).toEqual([]);
    expect(summary(r.packages)).toEqual({
      "@biomejs/biome@2.4.16": "direct/dev/23",
      "@biomejs/cli-darwin-arm64@2.4.16": "transitive/prod/25",
      "@biomejs/cli-darwin-x64@2.4.16": "transitive/prod/27",
      "@biomejs/cli-linux-arm64@2.4.16": "transitive/prod/29",
      "@biomejs/cli-linux-arm64-musl@2.4.16": "transitive/prod/31",
      "@biomejs/cli-linux-x64@2.4.16": "transitive/prod/33",
      "@biomejs/cli-linux-x64-musl@2.4.16": "transitive/prod/35",
      "@biomejs/cli-win32-arm64@2.4.16": "transitive/prod/37",
      "@biomejs/cli-win32-x64@2.4.16": "transitive/prod/39",
      "@types/node@25.9.1": "transitive/prod/45",
      "bun-types@1.3.14": "direct/dev/47",
      "typescript@5.9.3": "direct/dev/49",
      "undici-types@7.24.6": "transitive/prod/51",
    });
    expect(r.packages.find((p) => p.name === "typescript")).toEqual({
      ecosystem: "npm",
      name: "typescript",
      version: "5.9.3",
      purl: "pkg:npm/typescript@5.9.3",
      locations: [{ path: "real/bun.lock", line: 49 }],
      relation: "direct",
      scope: "dev",
    });
  });

  it("handles aliases, member-local copies, git and workspace entries, wrong types", async () => {
    const r = await runExtractor(bunLockExtractor, root, "malformed/edge.lock");
    expect(r.notes).toEqual([]);
    expect(summary(r.packages)).toEqual({
      "string-width@4.2.3": "direct/prod/27",
      "fsevents@2.3.3": "direct/optional/29",
      "react@17.0.2": "transitive/prod/31",
      "react@18.2.0": "direct/prod/32",
      "react-dom@18.2.0": "direct/peer/33",
    });
  });

  it("gives notes for bun.lockb, broken and future files", async () => {
    const cases: [string, string, RegExp][] = [
      ["malformed/bun.lockb", "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", /binary lockfile/],
      ["malformed/truncated.lock", "BULWARK_EXTRACT_PARSE_FAILED", /invalid JSONC/],
      ["malformed/future.lock", "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", /lockfileVersion 2/],
    ];
    for (const [path, code, message] of cases) {
      const r = await runExtractor(bunLockExtractor, root, path);
      expect(r.packages).toEqual([]);
      expect(r.notes).toHaveLength(1);
      expect(r.notes[0]).toMatchObject({ code, path });
      expect(r.notes[0]?.message).toMatch(message);
    }
    const wrong = await runOnText(bunLockExtractor, "bun.lock", '{"lockfileVersion": 1, "packages": []}');
    expect(wrong.notes[0]).toMatchObject({
      code: "BULWARK_EXTRACT_PARSE_FAILED",
      message: '"packages" is not an object',
    });
  });
});

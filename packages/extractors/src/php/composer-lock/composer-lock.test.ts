import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { composerLockExtractor, normalizeComposerVersion } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));

describe("php/composer-lock", () => {
  it("wants composer.lock files only", () => {
    expect(composerLockExtractor.fileRequired("composer.lock")).toBe(true);
    expect(composerLockExtractor.fileRequired("app/composer.lock")).toBe(true);
    expect(composerLockExtractor.fileRequired("composer.json")).toBe(false);
  });

  it("drops a leading v from tags and keeps branch versions", () => {
    expect(normalizeComposerVersion("v2.8.48")).toBe("2.8.48");
    expect(normalizeComposerVersion("V1.0.0")).toBe("1.0.0");
    expect(normalizeComposerVersion("1.4.2")).toBe("1.4.2");
    expect(normalizeComposerVersion("dev-main")).toBe("dev-main");
    expect(normalizeComposerVersion("vendor-fork")).toBe("vendor-fork");
  });

  it("reads composer's own lock: prod and dev packages, direct from composer.json", async () => {
    const { packages, notes } = await runExtractor(composerLockExtractor, root, "composer/composer.lock");
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      "composer/ca-bundle@1.1.3",
      "composer/semver@1.4.2",
      "psr/log@1.1.0",
      "seld/jsonlint@1.7.1",
      "symfony/console@2.8.48",
      "sebastian/diff@1.4.3",
      "symfony/yaml@2.8.48",
    ]);
    expect(packages[4]).toEqual({
      ecosystem: "Packagist",
      name: "symfony/console",
      version: "2.8.48",
      purl: "pkg:composer/symfony/console@2.8.48",
      locations: [{ path: "composer/composer.lock", line: 121 }],
      relation: "direct",
    });
    expect(packages[6]).toMatchObject({
      name: "symfony/yaml",
      scope: "dev",
      relation: "transitive",
      locations: [{ path: "composer/composer.lock", line: 176 }],
    });
    expect(packages.filter((p) => p.scope === "dev").map((p) => p.name)).toEqual(["sebastian/diff", "symfony/yaml"]);
  });

  it("handles branch versions, path repositories and broken entries without composer.json", async () => {
    const { packages, notes } = await runExtractor(composerLockExtractor, root, "lock-only/composer.lock");
    expect(packages).toEqual([
      {
        ecosystem: "Packagist",
        name: "monolog/monolog",
        version: "dev-main",
        purl: "pkg:composer/monolog/monolog@dev-main",
        locations: [{ path: "lock-only/composer.lock", line: 6 }],
      },
      {
        ecosystem: "Packagist",
        name: "Guzzlehttp/Guzzle",
        version: "7.8.1",
        purl: "pkg:composer/guzzlehttp/guzzle@7.8.1",
        locations: [{ path: "lock-only/composer.lock", line: 28 }],
      },
    ]);
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "lock-only/composer.lock",
        message: "packages[2] has no name or version",
        line: 26,
      },
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "lock-only/composer.lock",
        message: "`packages-dev` is not an array",
      },
    ]);
  });

  it("notes malformed JSON and files that are not composer locks", async () => {
    const bad = await runOnText(composerLockExtractor, "composer.lock", '{"packages": [');
    expect(bad.packages).toEqual([]);
    expect(bad.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    const other = await runOnText(composerLockExtractor, "composer.lock", "[1, 2]");
    expect(other.notes[0]?.message).toBe("no packages or packages-dev: not a composer.lock");
    const wrong = await runOnText(composerLockExtractor, "composer.lock", '{"packages": 5}');
    expect(wrong.notes).toEqual([
      { code: "BULWARK_EXTRACT_PARSE_FAILED", path: "composer.lock", message: "`packages` is not an array" },
    ]);
  });

  it("ignores an unreadable composer.json (no relation) but still reads the lock", async () => {
    const lock = '{"packages": [{"name": "psr/log", "version": "1.1.0"}]}';
    const r = await runOnText(composerLockExtractor, "composer.lock", lock, { "composer.json": "{ oops" });
    expect(r.notes).toEqual([]);
    expect(r.packages[0]?.relation).toBeUndefined();
  });
});

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { EXTRACTORS } from "./registry.ts";

const SRC = import.meta.dirname;
const NOT_ECOSYSTEMS = new Set(["shared", "groups"]);
const DOC = join(REPO_ROOT, "docs/extending/extractors.md");

function foldersOnDisk(): string[] {
  const names: string[] = [];
  for (const eco of readdirSync(SRC)) {
    if (NOT_ECOSYSTEMS.has(eco) || !statSync(join(SRC, eco)).isDirectory()) continue;
    for (const format of readdirSync(join(SRC, eco))) {
      if (statSync(join(SRC, eco, format)).isDirectory()) names.push(`${eco}/${format}`);
    }
  }
  return names.sort();
}

describe("extractor registry", () => {
  it("lists exactly the extractor folders on disk, each with an index.ts, a README and a test", () => {
    const registered = EXTRACTORS.map((e) => e.name).sort();
    expect(registered).toEqual(foldersOnDisk());
    for (const name of registered) {
      expect(existsSync(join(SRC, name, "index.ts")), `${name}/index.ts`).toBe(true);
      expect(existsSync(join(SRC, name, "README.md")), `${name}/README.md`).toBe(true);
      expect(
        readdirSync(join(SRC, name)).some((f) => f.endsWith(".test.ts")),
        `${name} has a test`,
      ).toBe(true);
    }
  });

  it("has unique names", () => {
    const names = EXTRACTORS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("matches the table in docs/extending/extractors.md", () => {
    const doc = readFileSync(DOC, "utf8");
    const documented = [...doc.matchAll(/^\| `([a-z0-9-]+\/[a-z0-9-]+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(EXTRACTORS.map((e) => e.name).sort());
  });
});

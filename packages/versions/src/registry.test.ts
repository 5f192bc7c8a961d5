import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { dataPath, REPO_ROOT } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { ECOSYSTEMS, ecosystemInfo } from "./ecosystems.ts";
import { SCHEMES, schemeById, schemeForEcosystem } from "./registry.ts";

const SRC = join(REPO_ROOT, "packages/versions/src");
const NOT_SCHEMES = new Set(["shared"]);

describe("version scheme registry", () => {
  it("folders on disk == registry == docs/extending/version-schemes.md", () => {
    const folders = readdirSync(SRC)
      .filter((f) => statSync(join(SRC, f)).isDirectory() && !NOT_SCHEMES.has(f))
      .sort();
    expect(SCHEMES.map((s) => s.id).sort()).toEqual(folders);
    const doc = readFileSync(join(REPO_ROOT, "docs/extending/version-schemes.md"), "utf8");
    const documented = [...doc.matchAll(/^\| `([a-z0-9]+)`\s*\|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(folders);
    for (const f of folders) {
      expect(existsSync(join(SRC, f, "README.md")), `${f}/README.md`).toBe(true);
      expect(existsSync(join(SRC, f, `${f}.test.ts`)), `${f}/${f}.test.ts`).toBe(true);
    }
  });

  it("every ecosystem's scheme exists, and every OSV ecosystem is listed", () => {
    for (const e of ECOSYSTEMS) if (e.scheme !== undefined) expect(schemeById(e.scheme), e.name).toBeDefined();
    const osv = Object.keys(JSON.parse(readFileSync(dataPath("schemas", "osv", "ecosystems.json"), "utf8")));
    expect(osv.filter((name) => !ECOSYSTEMS.some((e) => e.name === name))).toEqual([]);
  });

  it.each([
    ["Debian:12", "dpkg"],
    ["Ubuntu:22.04:LTS", "dpkg"],
    ["Ubuntu:Pro:18.04:LTS", "dpkg"],
    ["Alpine:v3.20", "apk"],
    ["AlmaLinux:9", "rpm"],
    ["Rocky Linux:9", "rpm"],
    ["Red Hat:rhel_aus:8.4::appstream", "rpm"],
    ["openSUSE:Tumbleweed", "rpm"],
    ["SUSE:Linux Enterprise Server 15 SP5", "rpm"],
    ["Maven:https://maven.google.com", "maven"],
    ["pypi", "pep440"],
    ["crates.io", "semver"],
    ["Root:Alpine:3.18", "apk"],
    ["Root:PyPI", "pep440"],
  ])("%s uses %s", (eco, id) => {
    expect(schemeForEcosystem(eco)?.id).toBe(id);
  });

  it("ecosystems without an ordering have none, and unknown ones are undefined", () => {
    expect(schemeForEcosystem("OSS-Fuzz")).toBeUndefined();
    expect(schemeForEcosystem("Android")).toBeUndefined();
    expect(schemeForEcosystem("NoSuchEcosystem")).toBeUndefined();
    expect(ecosystemInfo("NoSuchEcosystem")).toBeUndefined();
  });
});

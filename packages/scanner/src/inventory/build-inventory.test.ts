import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isBulwarkError } from "@bulwark/core";
import { REPO_ROOT } from "@bulwark/core/testing";
import type { ExtractedPackage, Inventory } from "@bulwark/extractors";
import { afterAll, describe, expect, it } from "vitest";
import { dockerArchiveFiles, tarOfFiles } from "../image/testing/build-image.ts";
import { buildInventory } from "./build-inventory.ts";

const EX = join(REPO_ROOT, "packages/extractors/src");
const work = mkdtempSync(join(tmpdir(), "bulwark-inventory-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function place(root: string, files: Record<string, string>): string {
  for (const [to, from] of Object.entries(files)) {
    mkdirSync(dirname(join(root, to)), { recursive: true });
    copyFileSync(join(EX, from), join(root, to));
  }
  return root;
}

const find = (inv: Inventory, ecosystem: string, name: string): ExtractedPackage | undefined =>
  inv.packages.find((p) => p.ecosystem === ecosystem && p.name === name);

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isBulwarkError(e) ? e.code : String(e);
  }
}

describe("buildInventory over a project directory", () => {
  const root = place(join(work, "project"), {
    "web/package-lock.json": "npm/package-lock/fixtures/v3/package-lock.json",
    "api/poetry.lock": "pypi/poetry-lock/fixtures/poetry-2/poetry.lock",
    "api/pyproject.toml": "pypi/poetry-lock/fixtures/poetry-2/pyproject.toml",
    "svc/go.mod": "go/go-mod/fixtures/prometheus/go.mod",
    "legacy/yarn.lock": "npm/yarn-lock/fixtures/malformed/yarn.lock",
  });
  mkdirSync(join(root, "web/node_modules/left-pad"), { recursive: true });
  writeFileSync(join(root, "web/node_modules/left-pad/package.json"), '{"name":"left-pad","version":"1.3.0"}');
  writeFileSync(join(work, "outside.lock"), "");
  symlinkSync(join(work, "outside.lock"), join(root, "Cargo.lock"));

  it("extracts every lockfile, with OSV ecosystems, relative locations and notes for bad files", async () => {
    const inv = await buildInventory([root]);
    const ecosystems = new Set(inv.packages.map((p) => p.ecosystem));
    expect([...ecosystems].sort()).toEqual(["Go", "PyPI", "npm"]);
    expect(inv.sources).toEqual([{ kind: "directory", path: root }]);
    const stdlib = find(inv, "Go", "stdlib");
    expect(stdlib?.locations[0]?.path).toBe("svc/go.mod");
    expect(inv.packages.every((p) => p.locations.every((l) => !l.path.startsWith("/")))).toBe(true);
    expect(inv.packages.every((p) => typeof p.purl === "string" && p.purl.startsWith("pkg:"))).toBe(true);
    expect(inv.packages.some((p) => p.locations.some((l) => l.path.includes("node_modules")))).toBe(false);
    const codes = inv.notes.map((n) => `${n.code} ${n.path}`);
    expect(codes).toContain("BULWARK_WALK_LINK_ESCAPE Cargo.lock");
    expect(codes.some((c) => c.startsWith("BULWARK_EXTRACT_PARSE_FAILED legacy/yarn.lock"))).toBe(true);
    // Output is sorted and stable from run to run.
    expect(JSON.stringify(await buildInventory([root]))).toBe(JSON.stringify(inv));
  });

  it("reads node_modules with useIgnoreFiles off, and honours excludes", async () => {
    const all = await buildInventory([root], { useIgnoreFiles: false });
    expect(find(all, "npm", "left-pad")?.locations).toEqual([{ path: "web/node_modules/left-pad/package.json" }]);
    const noGo = await buildInventory([root], { exclude: ["svc/**"] });
    expect(noGo.packages.some((p) => p.ecosystem === "Go")).toBe(false);
  });

  it("merges one package found in several files and prefixes locations with several inputs", async () => {
    const copy = place(join(work, "copy"), { "a/go.mod": "go/go-mod/fixtures/prometheus/go.mod" });
    const inv = await buildInventory([join(root, "svc"), copy]);
    const stdlib = find(inv, "Go", "stdlib");
    expect(stdlib?.locations.map((l) => l.path)).toEqual([`${join(root, "svc")}/go.mod`, `${copy}/a/go.mod`]);
    expect(inv.sources).toHaveLength(2);
  });
});

describe("buildInventory over single files", () => {
  it("reads a named lockfile with its siblings (pyproject.toml gives direct dependencies)", async () => {
    const root = place(join(work, "single"), {
      "poetry.lock": "pypi/poetry-lock/fixtures/poetry-2/poetry.lock",
      "pyproject.toml": "pypi/poetry-lock/fixtures/poetry-2/pyproject.toml",
    });
    const inv = await buildInventory([join(root, "poetry.lock")]);
    expect(inv.sources[0]?.kind).toBe("file");
    expect(inv.packages.length).toBe(7);
    // Without the sibling pyproject.toml the extractor could not tell direct from transitive.
    expect(inv.packages.every((p) => p.relation !== undefined)).toBe(true);
    expect(inv.packages[0]?.locations[0]?.path).toBe("poetry.lock");
  });

  it("recognises an SBOM by its content when its name says nothing", async () => {
    const path = join(work, "delivered-by-vendor.json");
    copyFileSync(join(EX, "sbom/cyclonedx-json/fixtures/cern-lhc-vdm-editor.bom.json"), path);
    const inv = await buildInventory([path]);
    expect(inv.packages.length).toBeGreaterThan(0);
    expect(inv.packages.every((p) => p.ecosystem === "npm")).toBe(true);
  });

  it("gives coded errors for a missing path and a file no extractor reads", async () => {
    expect(await codeOf(buildInventory([join(work, "nope")]))).toBe("BULWARK_INPUT_NOT_FOUND");
    writeFileSync(join(work, "notes.txt"), "hello");
    expect(await codeOf(buildInventory([join(work, "notes.txt")]))).toBe("BULWARK_INPUT_FORMAT_UNKNOWN");
  });
});

describe("buildInventory over a container image", () => {
  const status = readFileSync(join(EX, "os/dpkg/fixtures/debian12/var/lib/dpkg/status"), "utf8");
  const stanzas = status.split(/\n\n+/).filter((s) => s.trim() !== "");
  const osRelease = readFileSync(join(EX, "os/dpkg/fixtures/debian12/etc/os-release"));
  const lock = readFileSync(join(EX, "npm/package-lock/fixtures/v3/package-lock.json"));

  it("applies the layers, names the OS ecosystem, and traces each package to the layer that added it", async () => {
    const files = await dockerArchiveFiles({
      tags: ["example/app:1.0"],
      layers: [
        {
          entries: [
            { path: "etc/os-release", content: osRelease },
            { path: "var/lib/dpkg/status", content: `${stanzas.slice(0, 2).join("\n\n")}\n` },
          ],
        },
        {
          gzip: true,
          entries: [
            { path: "var/lib/dpkg/status", content: `${stanzas.join("\n\n")}\n` },
            { path: "app/package-lock.json", content: lock },
            { path: "app/node_modules/left-pad/package.json", content: '{"name":"left-pad","version":"1.3.0"}' },
          ],
        },
        { entries: [{ path: "app/node_modules/.wh.left-pad", content: "" }] },
      ],
    });
    const path = join(work, "image.tar");
    writeFileSync(path, await tarOfFiles(files));
    const inv = await buildInventory([path]);
    const image = inv.sources[0]?.image;
    expect(inv.sources[0]?.kind).toBe("image");
    expect(image?.tags).toEqual(["example/app:1.0"]);
    expect(image?.layers).toHaveLength(3);
    const [base, app] = image?.layers ?? [];
    const debian = inv.packages.filter((p) => p.ecosystem === "Debian:12");
    expect(debian).toHaveLength(stanzas.length);
    const apt = debian.find((p) => p.name === "apt");
    expect(apt?.layer).toBe(base);
    expect(apt?.purl).toContain("distro=debian-12");
    expect(debian.filter((p) => p.layer === base)).toHaveLength(2);
    expect(debian.filter((p) => p.layer === app)).toHaveLength(stanzas.length - 2);
    expect(debian.every((p) => p.sourceName !== undefined)).toBe(true);
    const npm = inv.packages.filter((p) => p.ecosystem === "npm");
    expect(npm.length).toBeGreaterThan(0);
    expect(npm.every((p) => p.layer === app)).toBe(true);
    // The whiteout in the top layer removed left-pad's installed copy.
    expect(npm.some((p) => p.locations.some((l) => l.path.includes("left-pad/package.json")))).toBe(false);
  });
});

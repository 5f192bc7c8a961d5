import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DirectorySource, type EscapedLink } from "./directory-source.ts";
import { IgnoreRules } from "./ignore-rules.ts";
import { walkFiles } from "./walk.ts";

const base = mkdtempSync(join(tmpdir(), "bulwark-walk-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = join(base, name);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

async function paths(root: string, opts: { useIgnoreFiles?: boolean; exclude?: string[] } = {}): Promise<string[]> {
  const fs = await DirectorySource.open(root);
  const rules = new IgnoreRules({ useIgnoreFiles: opts.useIgnoreFiles ?? true, exclude: opts.exclude ?? [] });
  const out: string[] = [];
  for await (const f of walkFiles(fs, { rules })) out.push(f.path);
  return out;
}

describe("walkFiles over a directory", () => {
  const root = tree("project", {
    "package-lock.json": "{}",
    "a/b/go.mod": "module x",
    "node_modules/left-pad/package.json": "{}",
    ".git/config": "",
    "dist/bundle.js": "",
    "target/Cargo.lock": "",
    ".gitignore": "generated/\n*.log\n!keep.log\n",
    "generated/poetry.lock": "",
    "debug.log": "",
    "keep.log": "",
    "sub/.gitignore": "secret.txt\n",
    "sub/secret.txt": "",
    "sub/requirements.txt": "",
    "secret.txt": "",
  });

  it("yields a directory's files, then its subdirectories in name order, skipping dependency, VCS and build folders and .gitignore'd paths", async () => {
    expect(await paths(root)).toEqual([
      ".gitignore",
      "keep.log",
      "package-lock.json",
      "secret.txt",
      "a/b/go.mod",
      "sub/.gitignore",
      "sub/requirements.txt",
    ]);
  });

  it("scans everything with --no-ignore", async () => {
    const all = await paths(root, { useIgnoreFiles: false });
    expect(all).toContain("node_modules/left-pad/package.json");
    expect(all).toContain("generated/poetry.lock");
    expect(all).toContain("sub/secret.txt");
    expect(all).toContain("target/Cargo.lock");
    expect(all).toHaveLength(14);
  });

  it("leaves out --exclude globs, matched on the path or the name", async () => {
    expect(await paths(root, { exclude: ["a/**", "*.json"] })).toEqual([
      ".gitignore",
      "keep.log",
      "secret.txt",
      "sub/.gitignore",
      "sub/requirements.txt",
    ]);
    expect(await paths(root, { exclude: ["sub"] })).not.toContain("sub/requirements.txt");
  });
});

describe("DirectorySource", () => {
  it("follows links to files inside the root, reports links that leave it, and never descends linked directories", async () => {
    const outside = tree("outside", { "Cargo.lock": "x" });
    const root = tree("links", { "real/go.mod": "module x" });
    symlinkSync(join(outside, "Cargo.lock"), join(root, "escape.lock"));
    symlinkSync("../../outside", join(root, "real/up"));
    symlinkSync("real/go.mod", join(root, "go.mod"));
    symlinkSync(".", join(root, "loop"));
    const escapes: EscapedLink[] = [];
    const fs = await DirectorySource.open(root, (l) => escapes.push(l));
    const rules = new IgnoreRules({ useIgnoreFiles: false, exclude: [] });
    const seen: string[] = [];
    for await (const f of walkFiles(fs, { rules })) seen.push(f.path);
    expect(seen).toEqual(["go.mod", "real/go.mod"]);
    expect(escapes.map((e) => e.path).sort()).toEqual(["escape.lock", "real/up"]);
    expect(await fs.read("escape.lock")).toBeUndefined();
    expect(await fs.read("../outside/Cargo.lock")).toBeUndefined();
    expect(Buffer.from((await fs.read("go.mod")) ?? []).toString()).toBe("module x");
  });

  it("does not block on a FIFO", async () => {
    const root = tree("fifo", { "go.mod": "module x" });
    execFileSync("mkfifo", [join(root, "requirements.txt")]);
    const fs = await DirectorySource.open(root);
    expect((await fs.list(""))?.map((e) => e.name)).toEqual(["go.mod"]);
    expect(await fs.read("requirements.txt")).toBeUndefined();
  });
});

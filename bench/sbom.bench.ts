// Performance budgets of inventory extraction (issue #3). Prints each measurement, its
// budget, and a ratio against a floor measured in the same run on this machine.
//   npm run bench
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { REPO_ROOT } from "@bulwark/core/testing";
import { EXTRACTORS } from "@bulwark/extractors";
import { buildInventory } from "@bulwark/scanner";

const rows: string[][] = [];
let failures = 0;

function report(name: string, value: string, budget: string, ok: boolean, floor: string): void {
  rows.push([name, value, budget, ok ? "ok" : "MISSED", floor]);
  if (!ok) failures++;
}

async function best<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let ms = Number.POSITIVE_INFINITY;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, result };
}

/** Real lockfiles from the extractors' fixtures that some extractor reads by name (not the malformed ones). */
function realLockfiles(): { name: string; bytes: Buffer }[] {
  const src = join(REPO_ROOT, "packages/extractors/src");
  const found: { name: string; bytes: Buffer }[] = [];
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (p.includes("/fixtures/") && !/malformed|bad|corrupt|invalid|broken|truncated/i.test(p)) {
        if (statSync(p).size < 200_000 && EXTRACTORS.some((x) => x.fileRequired(e.name))) {
          found.push({ name: e.name, bytes: readFileSync(p) });
        }
      }
    }
  };
  visit(src);
  return found;
}

// 1. A generated 50,000-file tree holding 200 lockfiles, walked and extracted in process.
const root = mkdtempSync(join(tmpdir(), "bulwark-sbom-bench-"));
const lockfiles = realLockfiles();
if (lockfiles.length === 0) throw new Error("no fixture lockfiles found");
const FILES = 50_000;
const PROJECTS = 200;
const perProject = FILES / PROJECTS;
for (let p = 0; p < PROJECTS; p++) {
  const dir = join(root, `team-${p % 10}`, `project-${p}`);
  const lock = lockfiles[p % lockfiles.length] as { name: string; bytes: Buffer };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, lock.name), lock.bytes);
  // The rest: source files in nested folders, as in a real repository.
  for (let f = 1; f < perProject; f++) {
    const sub = join(dir, "src", `m${f % 7}`, `s${f % 5}`);
    if (f <= 35) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `file${f}.ts`), `export const v${f} = ${f};\n`);
  }
}
const walkFloor = await best(3, async () => (await readdir(root, { recursive: true, withFileTypes: true })).length);
const tree = await best(3, () => buildInventory([root]));
report(
  `walk + extract ${walkFloor.result} entries (${FILES} files, ${PROJECTS} lockfiles of ${new Set(lockfiles.map((l) => basename(l.name))).size} kinds)`,
  `${tree.ms.toFixed(0)} ms, ${tree.result.packages.length} packages`,
  "≤ 3000 ms",
  tree.ms <= 3000,
  `bare recursive readdir ${walkFloor.ms.toFixed(0)} ms (×${(tree.ms / walkFloor.ms).toFixed(1)})`,
);
rmSync(root, { recursive: true, force: true });

// 2. A 20 MB package-lock.json (v3), in a fresh process so peak memory can be read.
const lockDir = mkdtempSync(join(tmpdir(), "bulwark-lock-bench-"));
const lockPath = join(lockDir, "package-lock.json");
writeFileSync(lockPath, generatePackageLock(20 * 1024 * 1024));
const size = statSync(lockPath).size;
const child = spawnSync(
  process.execPath,
  ["--import", "tsx", join(REPO_ROOT, "bench/support/npm-lock-child.ts"), lockPath],
  {
    encoding: "utf8",
    cwd: REPO_ROOT,
  },
);
if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
const m = JSON.parse(child.stdout.trim().split("\n").pop() as string) as {
  ms: number;
  packages: number;
  peakBytes: number;
  parseFloorMs: number;
};
report(
  `package-lock.json of ${(size / 1048576).toFixed(1)} MiB (${m.packages} packages)`,
  `${m.ms.toFixed(0)} ms`,
  "≤ 1000 ms",
  m.ms <= 1000,
  `JSON.parse alone ${m.parseFloorMs.toFixed(0)} ms (×${(m.ms / m.parseFloorMs).toFixed(1)})`,
);
report(
  "  peak memory growth while extracting it",
  `${(m.peakBytes / 1048576).toFixed(0)} MiB (${(m.peakBytes / size).toFixed(1)}× the file)`,
  "≤ 5× the file",
  m.peakBytes <= 5 * size,
  "-",
);
rmSync(lockDir, { recursive: true, force: true });

const widths = [0, 1, 2, 3, 4].map((i) =>
  Math.max(...[["measure", "value", "budget", "", "floor"], ...rows].map((r) => (r[i] ?? "").length)),
);
for (const r of [["measure", "value", "budget", "", "floor"], ...rows]) {
  console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  "));
}
process.exitCode = failures === 0 ? 0 : 1;

/** A package-lock.json v3 of about `bytes` bytes with the shape npm writes (nested node_modules, dev/optional flags). */
function generatePackageLock(bytes: number): string {
  const sample = lockWithEntries(2000);
  return lockWithEntries(Math.floor((2000 * bytes) / sample.length));
}

function lockWithEntries(count: number): string {
  const rootDeps: Record<string, string> = {};
  const packages: Record<string, unknown> = { "": { name: "bench-app", version: "1.0.0", dependencies: rootDeps } };
  for (let i = 0; i < count; i++) {
    const name = i % 9 === 0 ? `@scope${i % 50}/pkg-${i}` : `pkg-${i}`;
    const nested = i % 4 === 0 ? `node_modules/pkg-${i - 1}/node_modules/${name}` : `node_modules/${name}`;
    const version = `${i % 13}.${i % 7}.${i % 29}`;
    const entry: Record<string, unknown> = {
      version,
      resolved: `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${version}.tgz`,
      integrity: `sha512-${Buffer.from(`${i}`.repeat(24)).toString("base64").slice(0, 86)}==`,
      dependencies: { [`pkg-${i + 1}`]: `^${(i + 1) % 13}.0.0`, [`pkg-${i + 2}`]: `~${(i + 2) % 13}.1.0` },
      license: "MIT",
      engines: { node: ">=14" },
    };
    if (i % 5 === 0) entry.dev = true;
    if (i % 17 === 0) entry.optional = true;
    packages[nested] = entry;
    if (i % 40 === 0) rootDeps[name] = `^${i % 13}.0.0`;
  }
  return `${JSON.stringify({ name: "bench-app", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

// Performance budgets of the scanning engine (issue #2). Prints each measurement,
// its budget, and a ratio against a floor measured in the same run on this machine.
//   npm run bench
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Matcher, readOsvZip } from "@bulwark/advisories";
import type { PackageRef } from "@bulwark/core";
import { dataPath, REPO_ROOT } from "@bulwark/core/testing";
import { AdvisoryDatabase } from "@bulwark/db";
import { schemeForEcosystem } from "@bulwark/versions";
import Database from "better-sqlite3";

const ECOSYSTEMS = ["Go", "PyPI", "crates.io", "OSS-Fuzz", "Bitnami", "AlmaLinux"];
const rows: string[][] = [];
let failures = 0;

function report(name: string, value: number, unit: string, budget: string, ok: boolean, floor: string): void {
  rows.push([name, `${value.toFixed(value >= 100 ? 0 : 2)} ${unit}`, budget, ok ? "ok" : "MISSED", floor]);
  if (!ok) failures++;
}

function best<T>(runs: number, fn: () => T): { ms: number; result: T } {
  let ms = Number.POSITIVE_INFINITY;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, result };
}

// 1. Import of the six osv.dev exports through the CLI, as users run it (a fresh
// process: start-up, reading on a second thread, writing, one transaction, commit).
const dir = mkdtempSync(join(tmpdir(), "bulwark-bench-"));
const dbPath = join(dir, "advisories.db");
const cli = join(REPO_ROOT, "apps/cli/dist/bulwark.js");
const osvDir = dirname(dataPath("osv", "PyPI", "all.zip")).replace(/\/PyPI$/, "");
let importMs = Number.POSITIVE_INFINITY;
for (let run = 0; run < 3; run++) {
  rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, "db", "import", "--db", dbPath, "--json", osvDir], { encoding: "utf8" });
  importMs = Math.min(importMs, performance.now() - t);
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
}
const zips = ECOSYSTEMS.map((e) => ({ e, bytes: readFileSync(dataPath("osv", e, "all.zip")) }));
const batch = zips.map(({ e, bytes }) => ({ source: `osv:${e}`, records: readOsvZip(bytes, e).records }));
const records = batch.reduce((n, s) => n + s.records.length, 0);
// Floor: only JSON.parse of the same records (the least any importer must do).
const texts = batch.flatMap((s) => s.records.map((r) => r.json));
const parseFloor = best(3, () => {
  for (const t of texts) JSON.parse(t);
}).ms;
const importRate = records / (importMs / 1000);
report(
  `CLI import of ${records} OSV records (6 zips)`,
  importRate,
  "records/s",
  ">= 10,000 records/s",
  importRate >= 10_000,
  `${(importMs / parseFloor).toFixed(1)}x JSON.parse alone (${parseFloor.toFixed(0)} ms); wall ${importMs.toFixed(0)} ms incl. start-up`,
);
const db = AdvisoryDatabase.open(dbPath);

// 2. In-process comparisons on parsed versions.
function compareRate(ecosystem: string, versions: string[]): { rate: number; floorRate: number } {
  const scheme = schemeForEcosystem(ecosystem)!;
  const parsed = versions.map((v) => scheme.parse(v)).filter((v) => v !== undefined);
  const n = 2_000_000;
  const m = parsed.length;
  let sink = 0;
  const { ms } = best(3, () => {
    for (let i = 0; i < n; i++) sink += scheme.compare(parsed[i % m], parsed[(i * 7 + 3) % m]);
  });
  // Floor: plain string comparison of the same values.
  const { ms: floorMs } = best(3, () => {
    for (let i = 0; i < n; i++) {
      const a = versions[i % m]!;
      const b = versions[(i * 7 + 3) % m]!;
      sink += a < b ? -1 : a > b ? 1 : 0;
    }
  });
  if (sink === 0.5) console.log(sink);
  return { rate: n / (ms / 1000), floorRate: n / (floorMs / 1000) };
}
const eventVersions = (eco: string) =>
  batch
    .find((s) => s.source === `osv:${eco}`)!
    .records.flatMap((r) => (r.record.affected ?? []).flatMap((a) => (a.ranges ?? []).flatMap((x) => x.events)))
    .flatMap((e) => Object.values(e))
    .filter((v): v is string => typeof v === "string" && v !== "0");
for (const [eco, label] of [
  ["crates.io", "SemVer"],
  ["PyPI", "PEP 440"],
] as const) {
  const { rate, floorRate } = compareRate(eco, eventVersions(eco).slice(0, 5000));
  report(
    `${label} compare (parsed)`,
    rate / 1e6,
    "M/s",
    ">= 1 M/s",
    rate >= 1e6,
    `${(floorRate / rate).toFixed(1)}x slower than string <`,
  );
}

// 3. 10,000 (ecosystem, name, version) lookups with range evaluation.
// The sample is an inventory: distinct packages drawn evenly from every package the
// database names (each lookup evaluates all of that package's advisories), with a
// version taken from its advisories, plus one lookup in five for a package no advisory names.
const byPackage = new Map<string, PackageRef>();
for (const s of batch) {
  for (const r of s.records) {
    for (const a of r.record.affected ?? []) {
      if (!a.package) continue;
      const key = `${a.package.ecosystem}\u0000${a.package.name}`;
      if (byPackage.has(key)) continue;
      const ev = (a.ranges ?? []).flatMap((x) => x.events).flatMap((e) => Object.values(e));
      const version = a.versions?.[0] ?? ev.find((v) => v !== "0") ?? "1.0.0";
      byPackage.set(key, { ecosystem: a.package.ecosystem, name: a.package.name, version });
    }
  }
}
const distinct = [...byPackage.values()];
const sample: PackageRef[] = [];
for (let i = 0; sample.length < 10_000; i++) {
  const p = distinct[(i * 7919) % distinct.length]!;
  sample.push(i % 5 === 4 ? { ...p, name: `${p.name}-not-vulnerable-${i}` } : p);
}
async function lookups(matcher: Matcher): Promise<{ ms: number; hits: number }> {
  const started = performance.now();
  let hits = 0;
  for (const p of sample) hits += (await matcher.match(p)).affected.length;
  return { ms: performance.now() - started, hits };
}
let coldMs = Number.POSITIVE_INFINITY;
let warmMs = Number.POSITIVE_INFINITY;
let hits = 0;
for (let run = 0; run < 3; run++) {
  const matcher = new Matcher(db); // cold: nothing fetched, parsed or compiled yet
  const cold = await lookups(matcher);
  coldMs = Math.min(coldMs, cold.ms);
  hits = cold.hits;
  warmMs = Math.min(warmMs, (await lookups(matcher)).ms); // warm: a long-lived matcher (server, big scans)
}
// Floor: the bare indexed SELECT for the same keys, no JSON and no evaluation.
const raw = new Database(dbPath, { readonly: true });
const sel = raw.prepare("SELECT entry FROM affected WHERE base = ? AND name = ?");
const floorLookup = best(3, () => {
  for (const p of sample) sel.all(p.ecosystem.split(":")[0], p.name);
}).ms;
report(
  "10,000 lookups, warm matcher",
  warmMs,
  "ms",
  "<= 150 ms",
  warmMs <= 150,
  `${distinct.length} distinct packages; ${hits} affected hits`,
);
report(
  "10,000 lookups, cold matcher",
  coldMs,
  "ms",
  "(reported)",
  true,
  `${(coldMs / floorLookup).toFixed(1)}x bare SQLite SELECTs of the same keys (${floorLookup.toFixed(0)} ms)`,
);
raw.close();
db.close();

// 4. The CLI compare pipe: `bulwark versions compare --ecosystem npm` over 500,000 lines.
const pairs = eventVersions("crates.io");
const lines: string[] = [];
for (let i = 0; lines.length < 500_000; i++)
  lines.push(`${pairs[i % pairs.length]} ${pairs[(i * 31 + 7) % pairs.length]}`);
const input = `${lines.join("\n")}\n`;
const tp = performance.now();
const res = spawnSync(process.execPath, [cli, "versions", "compare", "--ecosystem", "npm"], {
  input,
  maxBuffer: 1 << 28,
});
const pipeMs = performance.now() - tp;
const tc = performance.now();
spawnSync("cat", [], { input, maxBuffer: 1 << 28 });
const catMs = performance.now() - tc;
const outLines = res.stdout.toString().split("\n").length - 1;
const pipeRate = lines.length / (pipeMs / 1000);
report(
  "CLI versions compare pipe",
  pipeRate / 1000,
  "k lines/s",
  ">= 200 k lines/s",
  pipeRate >= 200_000 && outLines === lines.length,
  `${(pipeMs / catMs).toFixed(1)}x \`cat\` of the same input; ${outLines} lines out (incl. node start-up)`,
);
rmSync(dir, { recursive: true, force: true });

const widths = [0, 1, 2, 3, 4].map((i) =>
  Math.max(...[["measure", "value", "budget", "", "vs floor"], ...rows].map((r) => r[i]!.length)),
);
for (const r of [["measure", "value", "budget", "", "vs floor"], ...rows]) {
  console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
}
console.log(failures === 0 ? "all budgets met" : `${failures} budget(s) missed`);
process.exitCode = failures === 0 ? 0 : 1;

// Performance budget of `bulwark scan` (issue #4): a 10,000-component CycloneDX SBOM of real
// package names and versions from ../shared/data/osv, scanned against the full database by the
// CLI in a fresh process. Prints wall time, peak RSS, and the ratio to a fresh `node` process
// that only JSON.parses the same SBOM, measured in the same run.
//   npm run bench
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readOsvZip } from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";
import { dataPath, REPO_ROOT } from "@bulwark/core/testing";
import { packageToPurl } from "@bulwark/versions";

const ECOSYSTEMS = ["PyPI", "Go", "crates.io", "Bitnami", "AlmaLinux", "OSS-Fuzz"];
const COMPONENTS = 10_000;
const cli = join(REPO_ROOT, "apps/cli/dist/bulwark.js");
const dir = mkdtempSync(join(tmpdir(), "bulwark-scan-bench-"));
const db = join(dir, "advisories.db");
const osvDir = dirname(dirname(dataPath("osv", "PyPI", "all.zip")));

const imported = spawnSync(
  process.execPath,
  [
    cli,
    "db",
    "import",
    "--db",
    db,
    osvDir,
    dataPath("kev", "known_exploited_vulnerabilities.json"),
    join(REPO_ROOT, "fixtures/epss/epss_scores-2025-08-25.csv.gz"),
  ],
  { encoding: "utf8" },
);
if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);

// Components: (ecosystem, name, version) triples the advisories themselves name, taken
// round-robin over ecosystems so every matcher path is exercised; many are affected versions.
const perEcosystem = ECOSYSTEMS.map((e) => {
  const triples: { ecosystem: string; name: string; version: string }[] = [];
  for (const r of readOsvZip(readFileSync(dataPath("osv", e, "all.zip")), e).records) {
    const record = JSON.parse(r.json) as OsvRecord;
    for (const a of record.affected ?? []) {
      if (!a.package) continue;
      const versions = [
        ...(a.versions ?? []).slice(0, 3),
        ...(a.ranges ?? []).flatMap((g) => (g.type === "GIT" ? [] : g.events.flatMap((ev) => Object.values(ev)))),
      ].filter((v): v is string => typeof v === "string" && v !== "0" && !/^[0-9a-f]{40}$/.test(v));
      for (const version of versions) triples.push({ ecosystem: a.package.ecosystem, name: a.package.name, version });
    }
  }
  return triples;
});
const seen = new Set<string>();
const components: { name: string; version: string; purl: string; "bom-ref": string; type: string }[] = [];
for (let i = 0; components.length < COMPONENTS && perEcosystem.some((l) => i < l.length); i++) {
  for (const list of perEcosystem) {
    const t = list[i];
    if (t === undefined || components.length >= COMPONENTS) continue;
    const purl = packageToPurl(t.ecosystem, t.name, t.version);
    const key = `${t.ecosystem}|${t.name}|${t.version}`;
    if (purl === undefined || seen.has(key)) continue;
    seen.add(key);
    components.push({ type: "library", name: t.name, version: t.version, purl, "bom-ref": `c${components.length}` });
  }
}
const sbomPath = join(dir, "bom.cdx.json");
writeFileSync(
  sbomPath,
  JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", version: 1, components }, null, 2),
);

const out = join(dir, "scan-output");

/** Run a fresh node with its stdout in a file (a JSON report here is hundreds of megabytes). */
function timed(args: string[]): { ms: number; rssKb: number; status: number | null; outBytes: number } {
  const fd = openSync(out, "w");
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ["ignore", fd, "pipe"], encoding: "utf8" });
  const ms = performance.now() - t;
  closeSync(fd);
  const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr ?? "");
  return { ms, rssKb: rss ? Number(rss[1]) : Number.NaN, status: r.status, outBytes: statSync(out).size };
}

/** The findings count from the `bulwark.summary` block at the end of a JSON report. */
function findingsOfJsonReport(): number {
  const size = statSync(out).size;
  const fd = openSync(out, "r");
  const tail = Buffer.alloc(Math.min(size, 1 << 16));
  readSync(fd, tail, 0, tail.length, size - tail.length);
  closeSync(fd);
  return Number(/"findings": (\d+)/.exec(tail.toString("utf8"))?.[1] ?? Number.NaN);
}

const FORMATS = ["table", "json"] as const;
const best: Record<string, { ms: number; rssKb: number; outBytes: number }> = {};
let findings = Number.NaN;
let floorBest = Number.POSITIVE_INFINITY;
for (let i = 0; i < 3; i++) {
  for (const format of FORMATS) {
    const scan = timed([
      "--import",
      join(REPO_ROOT, "bench/support/rss-on-exit.mjs"),
      cli,
      "scan",
      "--db",
      db,
      "--offline",
      "-q",
      "-f",
      format,
      sbomPath,
    ]);
    if (scan.status !== 0 && scan.status !== 1) throw new Error(`scan failed with ${scan.status}`);
    if (format === "json" && Number.isNaN(findings)) findings = findingsOfJsonReport();
    const prev = best[format];
    if (prev === undefined || scan.ms < prev.ms)
      best[format] = { ms: scan.ms, rssKb: scan.rssKb, outBytes: scan.outBytes };
  }
  const floor = timed(["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(sbomPath)}, "utf8"))`]);
  floorBest = Math.min(floorBest, floor.ms);
}
if (process.env.BENCH_KEEP) console.log("kept", dir);
else rmSync(dir, { recursive: true, force: true });

const rows = [["measure", "value", "budget", "", "floor"]];
for (const format of FORMATS) {
  const m = best[format] as { ms: number; rssKb: number; outBytes: number };
  const rssMb = m.rssKb / 1024;
  rows.push(
    [
      `bulwark scan -f ${format}: ${components.length}-component CycloneDX SBOM, full database, fresh process (${findings} findings, ${(m.outBytes / 1048576).toFixed(0)} MB out)`,
      `${m.ms.toFixed(0)} ms`,
      "≤ 1000 ms",
      m.ms <= 1000 ? "ok" : "MISSED",
      `node JSON.parse of the SBOM ${floorBest.toFixed(0)} ms (×${(m.ms / floorBest).toFixed(1)})`,
    ],
    ["  peak RSS of that process", `${rssMb.toFixed(0)} MB`, "≤ 300 MB", rssMb <= 300 ? "ok" : "MISSED", "-"],
  );
}
const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  "));
process.exitCode = rows.slice(1).every((r) => r[3] !== "MISSED") ? 0 : 1;

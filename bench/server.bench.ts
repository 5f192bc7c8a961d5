// Performance budgets of the clearinghouse server (issue #5), on loopback:
//   1. POST /v1/querybatch with 1,000 queries against the whole ../shared/data/osv knowledge base,
//      server-side time on SQLite (in-process inject: routing, validation, matching, serialising);
//   2. POST /v1/query sustained at 2,000 requests/s on one node with p99 latency (autocannon against
//      a `bulwark serve` process).
// Floors measured in the same run: JSON parse + stringify of the same batch request and answer,
// and autocannon against /healthz at the same rate.
//   npm run bench
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readOsvZip } from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";
import { dataPath, REPO_ROOT } from "@bulwark/core/testing";
import { KnowledgeBase, openServerDb } from "@bulwark/db";
import { buildApp } from "@bulwark/server";
import autocannon from "autocannon";
import { knowledgeOf } from "../apps/server/src/kb-knowledge.ts";

const ECOSYSTEMS = ["PyPI", "Go", "crates.io", "Bitnami", "AlmaLinux", "OSS-Fuzz"];
const cli = join(REPO_ROOT, "apps/cli/dist/bulwark.js");
const dir = mkdtempSync(join(tmpdir(), "bulwark-server-bench-"));
const rows: string[][] = [["measure", "value", "budget", "", "floor"]];
let failures = 0;
const report = (name: string, value: string, budget: string, ok: boolean, floor: string) => {
  rows.push([name, value, budget, ok ? "ok" : "MISSED", floor]);
  if (!ok) failures++;
};

// The knowledge base, imported as an operator would: through the CLI into the server's data dir.
const imported = spawnSync(
  process.execPath,
  [cli, "db", "import", "--data-dir", dir, dataPath("osv", "PyPI", "all.zip").replace(/\/PyPI\/all\.zip$/, "")],
  { encoding: "utf8" },
);
if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);

// 1,000 queries: real (ecosystem, name, version) triples named by the advisories, round-robin.
const perEcosystem = ECOSYSTEMS.map((e) => {
  const out: { package: { ecosystem: string; name: string }; version: string }[] = [];
  for (const r of readOsvZip(readFileSync(dataPath("osv", e, "all.zip")), e).records) {
    const rec = JSON.parse(r.json) as OsvRecord;
    for (const a of rec.affected ?? []) {
      const v = (a.versions ?? [])[0] ?? a.ranges?.flatMap((g) => g.events.flatMap((ev) => Object.values(ev)))[1];
      if (a.package && typeof v === "string" && v !== "0") {
        out.push({ package: { ecosystem: a.package.ecosystem, name: a.package.name }, version: v });
      }
    }
  }
  return out;
});
const queries: (typeof perEcosystem)[number] = [];
for (let i = 0; queries.length < 1000; i++) {
  for (const l of perEcosystem) {
    const q = l[i];
    if (q !== undefined && queries.length < 1000) queries.push(q);
  }
}
const batchBody = JSON.stringify({ queries });

// 1. querybatch, in process.
const db = openServerDb({ dataDir: dir });
const app = await buildApp({ db, knowledge: knowledgeOf(new KnowledgeBase(db)), version: "bench", logLevel: "silent" });
const inject = () =>
  app.inject({
    method: "POST",
    url: "/v1/querybatch",
    payload: batchBody,
    headers: { "content-type": "application/json" },
  });
const warm = await inject();
if (warm.statusCode !== 200) throw new Error(`querybatch failed: ${warm.body}`);
const answered = (warm.json() as { results: { vulns?: unknown[] }[] }).results;
const vulns = answered.reduce((n, r) => n + (r.vulns?.length ?? 0), 0);
const times: number[] = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  await inject();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
let floor = Number.POSITIVE_INFINITY;
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  JSON.stringify(JSON.parse(batchBody));
  JSON.parse(warm.body);
  JSON.stringify(warm.json());
  floor = Math.min(floor, performance.now() - t);
}
const median = times[3] as number;
report(
  `POST /v1/querybatch, 1000 queries (${vulns} advisories found), whole corpus, SQLite, warm, median of 7`,
  `${median.toFixed(0)} ms (best ${times[0]?.toFixed(0)})`,
  "≤ 150 ms",
  median <= 150,
  `JSON parse+stringify of request and answer ${floor.toFixed(1)} ms (×${(median / floor).toFixed(1)})`,
);
await app.close();
await db.close();

// 2. /v1/query at 2,000 requests/s against a served node.
function serve(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--data-dir", dir], {
      env: { ...process.env, BULWARK_LOG_LEVEL: "error", BULWARK_SYNC_CRON: "off" },
    });
    let err = "";
    child.stderr?.on("data", (d) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ child, url: m[1] as string });
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}
const { child, url } = await serve();
// 200 distinct queries, cycled: enough variety to exercise matching and record caches, and
// every one warmed first, as on a long-running server.
const requests = queries.slice(0, 200).map((q) => ({
  method: "POST" as const,
  path: "/v1/query",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(q),
}));
const run = (opts: autocannon.Options) =>
  new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))),
  );
// Warm the node's matcher cache with every query first, as a long-running server would be.
await run({ url, connections: 10, amount: requests.length * 2, requests });
const RATE = 2000;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
// The floor first: it also opens connections and lets the JIT settle before the measured run.
const health = await run({ url: `${url}/healthz`, connections: CONNECTIONS, duration: 10, overallRate: RATE });
const load = await run({ url, connections: CONNECTIONS, duration: 10, overallRate: RATE, requests });
child.kill("SIGTERM");
const rps = load.requests.average;
const p99 = load.latency.p99;
report(
  `POST /v1/query sustained for 10 s at ${RATE} req/s offered, ${CONNECTIONS} connections, one node, mean answer ${(load.throughput.average / Math.max(1, load.requests.average) / 1024).toFixed(1)} KiB (${load.non2xx} non-2xx, ${load.errors} errors)`,
  `${rps.toFixed(0)} req/s, p99 ${p99} ms`,
  "≥ 2000 req/s, p99 ≤ 50 ms",
  rps >= RATE * 0.98 && p99 <= 50 && load.non2xx === 0 && load.errors === 0,
  `GET /healthz at the same rate: ${health.requests.average.toFixed(0)} req/s, p99 ${health.latency.p99} ms`,
);

rmSync(dir, { recursive: true, force: true });
const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  "));
process.exitCode = failures === 0 ? 0 : 1;

import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIRROR, TestFileServer, writeMirror } from "../../../../packages/db/src/sync/test-support.ts";
import { formatBytes, ProgressLine } from "./db-update.ts";

const REPO = resolve(import.meta.dirname, "../../../..");
const CLI = join(REPO, "apps/cli/dist/bulwark.js");

/** Newest modification time of the sources the bundle is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.name === "node_modules" || ent.name === "dist" || ent.name === "fixtures") continue;
    const p = join(dir, ent.name);
    if (ent.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (ent.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfStale(): void {
  const sources = Math.max(newestSource(join(REPO, "apps/cli/src")), newestSource(join(REPO, "packages")));
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= sources) return;
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO, stdio: "pipe" });
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built CLI without blocking this process (the test server lives in it). */
function bulwark(args: string[], env: Record<string, string> = {}): Promise<Run> {
  // The child must never reach the real feeds: drop inherited BULWARK_* settings.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("BULWARK_")));
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...base, ...env }, cwd: REPO }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      done({ code: typeof code === "number" ? code : 1, stdout, stderr });
    });
  });
}

let root: string;
let work: string;
let server: TestFileServer;

beforeAll(async () => {
  buildIfStale();
  root = mkdtempSync(join(tmpdir(), "bulwark-cli-mirror-"));
  work = mkdtempSync(join(tmpdir(), "bulwark-cli-db-"));
  writeMirror(root);
  server = await TestFileServer.start(root);
}, 180_000);

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function feeds(): string[] {
  return [
    "--osv-base-url",
    `${server.url}/osv`,
    "--kev-url",
    server.url + MIRROR.kev,
    "--epss-url",
    server.url + MIRROR.epss,
  ];
}

async function status(db: string): Promise<Record<string, unknown>> {
  const r = await bulwark(["db", "status", "--db", db, "--json"]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("bulwark db update (built CLI)", () => {
  it("downloads every source, then finds them unchanged", async () => {
    const db = join(work, "a", "advisories.db");
    const first = await bulwark([
      "db",
      "update",
      "--db",
      db,
      "--ecosystem",
      "Go",
      "PyPI",
      "--ecosystem",
      "crates.io",
      ...feeds(),
    ]);
    expect(first.stderr).toMatch(/^osv:Go +downloaded [\d.]+ KiB, 3 records$/m);
    expect(first.stderr).toMatch(/^kev +downloaded [\d.]+ KiB, 46 entries$/m);
    expect(first.stderr).toMatch(/^epss +downloaded [\d.]+ KiB, 427 scores$/m);
    expect(first.stderr).toContain("osv:PyPI: 4 added, 0 updated, 0 unchanged, 0 older skipped, 0 removed");
    expect(first.stderr).toContain("kev: 46 entries, catalog 2025.08.25");
    expect(first.stderr).toContain("epss: 427 scores of 2025-08-25T12:55:00Z");
    expect(first.stderr).toContain("imported 10 records");
    // Not a terminal: no progress bar escapes.
    expect(first.stderr).not.toContain("\r");
    expect(first.stdout).toBe("");
    expect(first.code).toBe(0);

    const st = await status(db);
    expect(st).toMatchObject({ advisories: 10, kevEntries: 46, epssScores: 427, byEcosystem: { Go: 3, PyPI: 4 } });
    expect((st.sources as { name: string }[]).map((s) => s.name)).toEqual([
      "epss",
      "kev",
      "osv:Go",
      "osv:PyPI",
      "osv:crates.io",
    ]);

    const seen = server.requests.length;
    const again = await bulwark(["db", "update", "--db", db, "--ecosystem", "Go,PyPI,crates.io", ...feeds(), "--json"]);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as { sources: { status: string }[]; import: unknown };
    expect(summary.sources.map((s) => s.status)).toEqual(Array(5).fill("not-modified"));
    expect(summary.import).toBeUndefined();
    expect(server.requests.slice(seen).every((r) => r.status === 304 && r.headers["if-none-match"])).toBe(true);
    const data = (x: Record<string, unknown>) => ({
      ...x,
      lastUpdate: undefined,
      sources: (x.sources as Record<string, unknown>[]).map((src) => ({ ...src, checkedAt: undefined })),
    });
    expect(data(await status(db))).toEqual(data(st));
  });

  it("takes URLs from the environment and the ecosystem list from ecosystems.txt", async () => {
    const db = join(work, "env.db");
    const r = await bulwark(["db", "update", "--no-epss", "--json"], {
      BULWARK_DB: db,
      BULWARK_OSV_BASE_URL: `${server.url}/osv`,
      BULWARK_KEV_URL: server.url + MIRROR.kev,
      BULWARK_EPSS_URL: `${server.url}/must-not-be-fetched`,
    });
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      ecosystemsFrom: string;
      ecosystems: string[];
      sources: { source: string }[];
    };
    expect(summary.ecosystemsFrom).toBe("ecosystems.txt");
    expect(summary.ecosystems).toEqual(["Go", "PyPI", "crates.io"]);
    expect(summary.sources.map((s) => s.source)).not.toContain("epss");
    expect(server.requestsFor("/must-not-be-fetched")).toEqual([]);
    expect(await status(db)).toMatchObject({ advisories: 10, kevEntries: 46, epssScores: 0 });
  });

  it("imports what it can and exits 4 when one source fails", async () => {
    const db = join(work, "partial.db");
    const r = await bulwark([
      "db",
      "update",
      "--db",
      db,
      "--ecosystem",
      "Go",
      ...feeds().slice(0, 4),
      "--epss-url",
      `${server.url}/epss/missing.csv.gz`,
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^epss +failed: error\[BULWARK_NET_HTTP_STATUS\]: .* answered HTTP 404/m);
    expect(r.stderr).toContain("error[BULWARK_NET_HTTP_STATUS]: 1 of 3 sources failed (epss); the others were updated");
    expect(r.stderr).toContain("hint: Check --epss-url (BULWARK_EPSS_URL), or skip it with --no-epss");
    expect(await status(db)).toMatchObject({ advisories: 3, kevEntries: 46, epssScores: 0 });
  });

  it("exits 4 with a coded error when nothing could be downloaded", async () => {
    const db = join(work, "none.db");
    const r = await bulwark([
      "db",
      "update",
      "--db",
      db,
      "--osv-base-url",
      `${server.url}/nowhere`,
      "--ecosystem",
      "Go",
      "--no-kev",
      "--no-epss",
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("error[BULWARK_NET_HTTP_STATUS]: no source could be updated; the database is unchanged");
    expect(r.stderr).toContain("hint: Check --osv-base-url (BULWARK_OSV_BASE_URL)");
  });

  it("refuses URLs that are not http(s) as a usage error", async () => {
    const r = await bulwark(["db", "update", "--db", join(work, "u.db"), "--kev-url", "file:///tmp/kev.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[BULWARK_CLI_USAGE]: --kev-url must be an http(s) URL");
  });
});

describe("progress display", () => {
  it("draws source, bar, bytes and percentage in place, and clears itself", () => {
    let out = "";
    let t = 0;
    const p = new ProgressLine(
      (s) => (out += s),
      100,
      () => t,
    );
    p.handle({ type: "source-start", source: "osv:PyPI", url: "http://x" });
    p.handle({ type: "progress", source: "osv:PyPI", received: 0, total: 2 * 1024 * 1024 });
    t += 200;
    p.handle({ type: "progress", source: "osv:PyPI", received: 1024 * 1024, total: 2 * 1024 * 1024 });
    // Throttled: a redraw within 100 ms is skipped.
    t += 10;
    p.handle({ type: "progress", source: "osv:PyPI", received: 1536 * 1024, total: 2 * 1024 * 1024 });
    expect(out).toBe(
      "\rosv:PyPI: connecting\u001b[K" + "\rosv:PyPI [############------------] 1.0 MiB / 2.0 MiB  50%\u001b[K",
    );
    out = "";
    p.handle({ type: "retry", source: "osv:PyPI", attempt: 1, delayMs: 1500, reason: "HTTP 503" });
    expect(out).toBe("\r\u001b[Kretrying osv:PyPI in 1.5 s: HTTP 503\n");
    out = "";
    t += 200;
    p.handle({ type: "progress", source: "kev", received: 5000, total: undefined });
    p.handle({ type: "source-done", outcome: { source: "kev", url: "http://x", status: "downloaded", bytes: 5000 } });
    expect(out).toBe("\rkev 4.9 KiB\u001b[K\r\u001b[K");
    out = "";
    p.clear();
    expect(out).toBe("");
  });

  it("fits the terminal width", () => {
    let out = "";
    const p = new ProgressLine(
      (s) => (out += s),
      30,
      () => 0,
    );
    p.handle({ type: "import-start", sources: 3, records: 25_260 });
    expect(out).toBe("\rimporting 25260 records from…\u001b[K");
  });

  it("formats byte counts", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3.0 GiB");
  });
});

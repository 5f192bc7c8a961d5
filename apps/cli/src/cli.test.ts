import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturePath, hasSharedData, REPO_ROOT, SHARED_DATA } from "@bulwark/core/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, ensureBuilt, runCli } from "./testing/run-cli.ts";

beforeAll(ensureBuilt);

const tmp = () => mkdtempSync(join(tmpdir(), "bulwark-cli-"));
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe("bulwark CLI basics", () => {
  it("--help lists the commands", () => {
    const r = runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/versions/);
    expect(r.stdout).toMatch(/db/);
  });

  it("works through the npm bin link, as `npx bulwark` runs it", () => {
    const r = spawnSync(join(REPO_ROOT, "node_modules/.bin/bulwark"), ["--version"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("a reader closing the pipe early ends the command quietly", () => {
    const r = spawnSync(
      "sh",
      ["-c", `yes '1.0.0 2.0.0' | head -n 300000 | node ${CLI} versions compare --ecosystem npm | head -n 1`],
      {
        encoding: "utf8",
      },
    );
    expect(r.stdout).toBe("<\n");
    expect(r.stderr).toBe("");
  });

  it("db status on a missing database says so instead of creating one", () => {
    const path = join(tmp(), "none.db");
    const r = runCli(["db", "status", "--db", path]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error\[BULWARK_DB_EMPTY\]/);
    expect(existsSync(path)).toBe(false);
  });

  it("an unknown option is a coded usage error, exit 2, no stack trace", () => {
    const r = runCli(["versions", "compare", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[BULWARK_CLI_USAGE\]: /);
    expect(r.stderr).toMatch(/hint: /);
    noStack(r.stderr);
  });
});

describe("bulwark versions", () => {
  it.each([
    ["PyPI", "1.0rc1", "1.0", "<"],
    ["PyPI", "1.0", "1.0.0", "="],
    ["npm", "1.0.0-alpha.10", "1.0.0-alpha.2", ">"],
    ["Debian:12", "1:1.0", "2.0", ">"],
    ["Debian", "1.0~rc1", "1.0", "<"],
    ["Go", "v0.0.0-20191109021931-daa7c04131f5", "v0.1.0", "<"],
    ["Maven", "1.0-SNAPSHOT", "1.0", "<"],
    ["AlmaLinux:9", "1.2.3-4.el9", "1.2.3-4.el9_2", "<"],
    ["Alpine:v3.20", "1.2.3_rc1-r0", "1.2.3-r0", "<"],
    ["RubyGems", "1.0.a", "1.0", "<"],
    ["NuGet", "1.0", "1.0.0.0", "="],
  ])("compare --ecosystem %s %s %s → %s", (eco, a, b, expected) => {
    const r = runCli(["versions", "compare", "--ecosystem", eco, a, b]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`${expected}\n`);
    expect(r.code).toBe(0);
  });

  it("an invalid version exits 2 with BULWARK_VERSION_INVALID", () => {
    const r = runCli(["versions", "compare", "--ecosystem", "PyPI", "1.0", "not a version"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[BULWARK_VERSION_INVALID\]/);
    noStack(r.stderr);
  });

  it("an unknown ecosystem exits 2 with BULWARK_ECOSYSTEM_UNKNOWN; --debug shows the stack", () => {
    const r = runCli(["versions", "compare", "--ecosystem", "Nope", "1", "2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[BULWARK_ECOSYSTEM_UNKNOWN\]/);
    const d = runCli(["--debug", "versions", "compare", "--ecosystem", "Nope", "1", "2"]);
    expect(d.stderr).toMatch(/\n\s+at /);
  });

  it("reads pairs from stdin, one symbol per line, ! for invalid lines", () => {
    const input = "1.0.0 2.0.0\n2.0.0 2.0.0\r\n3.0.0-rc.1 3.0.0-beta.11\nbad!! 1.0.0\n1.0.0\n\n1.0.0 1.0.0 1.0.0\n";
    const r = runCli(["versions", "compare", "--ecosystem", "npm"], { input });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("<\n=\n>\n!\n!\n!\n");
  });

  it("sorts stdin ascending; invalid lines fail unless --skip-invalid", () => {
    const input = "1.10\n1.2\n1.0rc1\n1.0\n1!0.1\n";
    expect(runCli(["versions", "sort", "--ecosystem", "PyPI"], { input }).stdout).toBe(
      "1.0rc1\n1.0\n1.2\n1.10\n1!0.1\n",
    );
    const bad = runCli(["versions", "sort", "--ecosystem", "PyPI"], { input: "1.0\nnope nope\n" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/BULWARK_VERSION_INVALID/);
    const skip = runCli(["versions", "sort", "--ecosystem", "PyPI", "--skip-invalid"], { input: "1.0\nnope nope\n" });
    expect(skip.stdout).toBe("1.0\n");
  });

  it("lists ecosystems", () => {
    const r = runCli(["versions", "ecosystems", "--json"]);
    expect(JSON.parse(r.stdout).find((e: { name: string }) => e.name === "PyPI").scheme).toBe("pep440");
  });
});

describe("bulwark db import / status", () => {
  it("imports the fixture exports, KEV and EPSS; a second import changes nothing", () => {
    const db = join(tmp(), "a.db");
    const first = runCli([
      "db",
      "import",
      "--db",
      db,
      "--json",
      fixturePath("osv"),
      fixturePath("kev", "known_exploited_vulnerabilities.json"),
    ]);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.sources.map((s: { source: string }) => s.source).sort()).toEqual([
      "osv:AlmaLinux",
      "osv:Bitnami",
      "osv:Go",
      "osv:OSS-Fuzz",
      "osv:PyPI",
      "osv:crates.io",
    ]);
    expect(summary.kev.entries).toBe(1404);
    const again = JSON.parse(runCli(["db", "import", "--db", db, "--json", fixturePath("osv")]).stdout);
    expect(again.sources.every((s: { added: number; updated: number }) => s.added === 0 && s.updated === 0)).toBe(true);
    const status = JSON.parse(runCli(["db", "status", "--db", db, "--json"]).stdout);
    expect(status.advisories).toBe(228 + 290 + 36 + 94 + 81 + 177);
    expect(status.kevEntries).toBe(1404);
    expect(status.byEcosystem.Go).toBe(290);
  });

  it("skips bad records with a reason and imports the rest", () => {
    const dir = tmp();
    writeFileSync(join(dir, "GOOD-1.json"), JSON.stringify({ id: "GOOD-1", modified: "2024-01-01T00:00:00Z" }));
    writeFileSync(join(dir, "BAD-1.json"), "{ not json");
    writeFileSync(join(dir, "BAD-2.json"), JSON.stringify({ id: "BAD-2" }));
    const db = join(tmp(), "a.db");
    const r = runCli(["db", "import", "--db", db, dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/BAD-1\.json: \[BULWARK_OSV_RECORD_INVALID\] invalid JSON/);
    expect(r.stderr).toMatch(/BAD-2\.json: \[BULWARK_OSV_RECORD_INVALID\] missing or malformed `modified`/);
    expect(JSON.parse(runCli(["db", "status", "--db", db, "--json"]).stdout).advisories).toBe(1);
  });

  it.each([
    [["/no/such/file.zip"], "BULWARK_INPUT_NOT_FOUND"],
    [[fixturePath("README.md")], "BULWARK_INPUT_FORMAT_UNKNOWN"],
  ])("bad input %j is a coded error that leaves the database alone", (paths, codeName) => {
    const db = join(tmp(), "a.db");
    runCli(["db", "import", "--db", db, fixturePath("osv", "Go", "all.zip")]);
    const r = runCli(["db", "import", "--db", db, ...paths]);
    // Exit 3: an input error (exit 2 is for usage and configuration).
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^error\\[${codeName}\\]`));
    noStack(r.stderr);
    expect(JSON.parse(runCli(["db", "status", "--db", db, "--json"]).stdout).advisories).toBe(290);
  });

  it("a corrupt zip is refused and the database keeps its contents", () => {
    const dir = tmp();
    const bad = join(dir, "all.zip");
    writeFileSync(bad, Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(100)]));
    const db = join(tmp(), "a.db");
    runCli(["db", "import", "--db", db, fixturePath("osv", "Go", "all.zip")]);
    const r = runCli(["db", "import", "--db", db, fixturePath("osv", "PyPI", "all.zip"), bad]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error\[BULWARK_ZIP_INVALID\]/);
    expect(JSON.parse(runCli(["db", "status", "--db", db, "--json"]).stdout).advisories).toBe(290);
  });

  it.skipIf(!hasSharedData)("a killed import leaves the previous database usable", async () => {
    const db = join(tmp(), "a.db");
    runCli(["db", "import", "--db", db, fixturePath("osv", "Go", "all.zip")]);
    const child = spawn(process.execPath, [CLI, "db", "import", "--db", db, join(SHARED_DATA, "osv")], {
      stdio: "ignore",
    });
    // Kill it once the write transaction is under way (reading the zips takes about a second first).
    await new Promise((r) => setTimeout(r, 1500));
    child.kill("SIGKILL");
    const signal = await new Promise((r) => child.on("exit", (_code, sig) => r(sig)));
    const status = JSON.parse(runCli(["db", "status", "--db", db, "--json"]).stdout);
    if (signal === "SIGKILL") expect(status.advisories).toBe(290);
    else expect(status.advisories).toBeGreaterThan(20_000); // finished before the kill: all or nothing
  });
});

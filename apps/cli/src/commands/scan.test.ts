import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturePath } from "@bulwark/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, runCli } from "../testing/run-cli.ts";

const work = mkdtempSync(join(tmpdir(), "bulwark-scan-cli-"));
const db = join(work, "advisories.db");
const project = join(work, "project");

beforeAll(() => {
  ensureBuilt();
  const r = runCli([
    "db",
    "import",
    "--db",
    db,
    fixturePath("osv", "Go", "all.zip"),
    fixturePath("osv", "PyPI", "all.zip"),
    fixturePath("kev", "known_exploited_vulnerabilities.json"),
    fixturePath("epss", "epss_scores-2025-08-25.csv.gz"),
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
  mkdirSync(project, { recursive: true });
  // A real-world shaped go.mod whose toolchain has a KEV-listed standard library flaw (CVE-2020-0601).
  writeFileSync(
    join(project, "go.mod"),
    "module example.com/app\n\ngo 1.13\n\nrequire github.com/gin-gonic/gin v1.5.0\n",
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("bulwark scan", () => {
  it("prints a table of prioritised findings and exits 1 when any finding is present", () => {
    const r = runCli(["scan", "--db", db, project]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("CVE-2020-0601");
    expect(r.stdout).toMatch(/stdlib@1\.13\.0/);
    expect(r.stdout).toMatch(/\d+ packages scanned, \d+ vulnerabilities/);
    // Not a TTY: no ANSI colour.
    expect(r.stdout.includes("\u001b[")).toBe(false);
  });

  it("honours --fail-on and exits 0 below the threshold", () => {
    // Nothing in this project is in SSVC Act for a low-mission system.
    expect(runCli(["scan", "--db", db, project, "--fail-on", "kev", "-q"]).code).toBe(1);
    const low = runCli(["scan", "--db", db, project, "--fail-on", "ssvc:act", "--mission", "low", "-q"]);
    expect([0, 1]).toContain(low.code);
    expect(runCli(["scan", "--db", db, project, "--fail-on", "nonsense"]).code).toBe(2);
  });

  it("suppresses with bulwark.yaml and shows why with --show-suppressed", () => {
    const dir = join(work, "suppressed");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "go.mod"), "module example.com/app\n\ngo 1.13\n");
    const config = join(dir, "bulwark.yaml");
    writeFileSync(
      config,
      "ignore:\n  - id: CVE-2020-0601\n    reason: the service never verifies certificates with crypt32\n",
    );
    const shown = runCli(["scan", "--db", db, dir, "--show-suppressed", "--fail-on", "kev"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("crypt32");
    expect(readFileSync(config, "utf8")).toContain("CVE-2020-0601");
  });

  it("writes extra formats with -o and refuses unknown ones", () => {
    const md = join(work, "report.md");
    const r = runCli(["scan", "--db", db, project, "-o", `markdown=${md}`, "-q"]);
    expect(r.code).toBe(1);
    // Markdown escapes the dashes of the id; the osv.dev link names the advisory.
    expect(readFileSync(md, "utf8")).toContain("https://osv.dev/vulnerability/GO-2022-0535");
    expect(runCli(["scan", "--db", db, project, "-o", "pdf=x.pdf"]).code).toBe(2);
    expect(runCli(["scan", "--db", db, project, "-f", "pdf"]).code).toBe(2);
  });

  it("reads whole records only for formats that need them, with the same output either way", () => {
    // -f table alone loads no records; adding a SARIF file (which reads parsed records) must not change it.
    const plain = runCli(["scan", "--db", db, project, "-q"]);
    const withRecords = runCli(["scan", "--db", db, project, "-q", "-o", `sarif=${join(work, "r.sarif")}`]);
    expect(plain.stdout).toBe(withRecords.stdout);
    // -f json streams records as stored text; -o json beside a SARIF report serialises parsed ones.
    const streamed = runCli(["scan", "--db", db, project, "-q", "-f", "json"]);
    const file = join(work, "r.json");
    runCli(["scan", "--db", db, project, "-q", "-f", "sarif", "-o", `json=${file}`]);
    const a = JSON.parse(streamed.stdout);
    const b = JSON.parse(readFileSync(file, "utf8"));
    for (const doc of [a, b]) doc.bulwark.createdAt = "";
    expect(a).toEqual(b);
    const packages = a.results.flatMap((r: { packages: unknown[] }) => r.packages);
    expect(packages.length).toBeGreaterThan(0);
    for (const p of packages) {
      expect(p.vulnerabilities.length).toBeGreaterThan(0);
      expect(p.vulnerabilities[0].affected.length).toBeGreaterThan(0);
    }
    // Each package entry is one line, so a report of any size is written piece by piece.
    expect(streamed.stdout.split("\n").filter((l) => l.startsWith('        {"package"')).length).toBe(packages.length);
  });

  it("says how to get a database when there is none, with a code and no stack", () => {
    const r = runCli(["scan", "--db", join(work, "none.db"), project]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error\[BULWARK_DB_EMPTY\].*\n\s+hint: Run `bulwark db update`/);
  });
});

import { randomBytes } from "node:crypto";
import { AssetRepository, OrganisationRepository } from "@bulwark/db";
import { insertAlert, type TestServerDb, testDialects } from "@bulwark/db/testing";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureBuilt, runCli, type ServeProcess, startServe } from "../testing/run-cli.ts";

beforeAll(() => ensureBuilt());

const VULN = "CVE-2026-7000";

describe.each(testDialects())("bulwark report sectors against a server on $name", (dialect) => {
  let db: TestServerDb;
  let server: ServeProcess | undefined;
  beforeEach(async () => {
    db = await dialect.open();
  });
  afterEach(async () => {
    if (server !== undefined) {
      const exited = new Promise((resolve) => server?.child.on("exit", resolve));
      server.child.kill("SIGTERM");
      await exited;
      server = undefined;
    }
    await db.dispose();
  });

  it("prints the API's answer as JSON and as a table, for one vulnerability or all", async () => {
    const flags = db.url !== undefined ? ["--database-url", db.url] : ["--data-dir", db.dataDir as string];
    server = await startServe(flags, { BULWARK_MASTER_KEY: randomBytes(32).toString("base64") });
    // The first start's administrator holds the platform roles admin and coordinator.
    const token = /API token: (\S+)/.exec(server.stdout())?.[1] as string;
    const now = new Date();
    const hospital = await new OrganisationRepository(db.kysely).create(
      { name: "hospital", kind: "operator", sector: "healthcare" },
      now,
    );
    const asset = await new AssetRepository(db.kysely).create(
      { orgId: hospital.id, name: "portal", kind: "server", criticality: "high", exposed: true },
      now,
    );
    const base = { orgId: hospital.id, assetId: asset.id, vulnId: VULN };
    await insertAlert(db, { ...base, dueAt: "2000-01-01" }, now);
    await insertAlert(
      db,
      {
        ...base,
        name: "other",
        status: "remediated",
        firstDetectedAt: "2026-01-01T00:00:00.000Z",
        resolvedAt: "2026-01-05T00:00:00.000Z",
      },
      now,
    );
    await insertAlert(db, { ...base, vulnId: "CVE-2026-7001" }, now);
    const env = { BULWARK_SERVER: server.url, BULWARK_TOKEN: "" };

    const json = runCli(["report", "sectors", "--vuln", VULN, "--format", "json", "--token", token], { env });
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    const api = await fetch(`${server.url}/api/v1/reports/sectors?vuln=${VULN}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const report = JSON.parse(json.stdout);
    expect(report).toEqual(await api.json());
    expect(report.sectors[0]).toEqual({
      sector: "healthcare",
      operators: { affected: 1, acknowledged: 0, remediated: 0, overdue: 1 },
      assets: { affected: 1, acknowledged: 0, remediated: 0, overdue: 1 },
      alerts: {
        open: 1,
        acknowledged: 0,
        "in-progress": 0,
        remediated: 1,
        "not-affected": 0,
        "risk-accepted": 0,
        total: 2,
        overdue: 1,
      },
      medianDaysToRemediate: 4,
    });

    const table = runCli(["report", "sectors", "--token", token], { env });
    expect(table.code).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toMatch(/^all vulnerabilities, overdue as of \d{4}-\d{2}-\d{2}$/);
    expect(lines.find((l) => l.startsWith("SECTOR"))).toMatch(
      /^SECTOR\s+OPERATORS\s+ASSETS\s+OPEN\s+ACK\s+IN-PROGRESS/,
    );
    expect(lines.find((l) => l.startsWith("healthcare"))?.split(/\s+/)).toEqual([
      "healthcare",
      "1/0/0/1",
      "1/0/0/1",
      "2",
      "0",
      "0",
      "1",
      "0",
      "0",
      "1",
      "4",
    ]);
    expect(lines.find((l) => l.startsWith("water"))?.split(/\s+/)).toEqual([
      "water",
      ...["0/0/0/0", "0/0/0/0"],
      ...Array(7).fill("0"),
      "-",
    ]);
    expect(
      lines
        .find((l) => /^all\s+\d/.test(l))
        ?.split(/\s+/)
        .slice(0, 4),
    ).toEqual(["all", "1/0/0/1", "1/0/0/1", "2"]);

    // No token, or a format it does not print: coded errors, exit 2.
    const anonymous = runCli(["report", "sectors"], { env });
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/^error\[BULWARK_AUTH_REQUIRED\]/);
    const bad = runCli(["report", "sectors", "--format", "xml", "--token", token], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error\[BULWARK_CLI_USAGE\]/);
  });
});

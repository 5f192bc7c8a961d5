import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateServerDb } from "../migrate.ts";
import { insertAlert, type TestAlert, type TestServerDb, testDialects } from "../testing.ts";
import { alertSummary } from "./alert-summary.ts";
import { AssetRepository } from "./assets.ts";
import { OrganisationRepository } from "./organisations.ts";

const NOW = new Date("2026-12-02T12:00:00Z");

describe.each(testDialects())("alert summary on $name", (dialect) => {
  let db: TestServerDb;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
  });
  afterEach(() => db.dispose());

  it("counts statuses, decisions, severities, assets and a daily series from the alert rows", async () => {
    const orgs = new OrganisationRepository(db.kysely);
    const org = (await orgs.create({ name: "Hospital", kind: "operator" }, NOW)).id;
    const other = (await orgs.create({ name: "Bank", kind: "operator" }, NOW)).id;
    const assets = new AssetRepository(db.kysely);
    const asset = async (orgId: string, name: string) =>
      (await assets.create({ orgId, name, kind: "server", criticality: "high", exposed: true }, NOW)).id;
    const alpha = await asset(org, "alpha");
    const beta = await asset(org, "beta");
    const bank = await asset(other, "core");
    let n = 0;
    const add = async (a: Omit<TestAlert, "orgId" | "vulnId">, decision?: string, orgId = org) => {
      const id = await insertAlert(db, { orgId, vulnId: `CVE-2026-${++n}`, ...a }, NOW);
      if (decision !== undefined) {
        await db.kysely.updateTable("alerts").set({ ssvc_decision: decision }).where("id", "=", id).execute();
      }
    };
    // Active: overdue, due in 3 days, due exactly in 7, older than the window, due in 8.
    await add(
      { assetId: alpha, severity: "critical", firstDetectedAt: "2026-11-01T09:00:00Z", dueAt: "2026-11-20" },
      "Act",
    );
    await add(
      { assetId: alpha, status: "acknowledged", firstDetectedAt: "2026-11-30T09:00:00Z", dueAt: "2026-12-05" },
      "Attend",
    );
    await add({
      assetId: beta,
      status: "in-progress",
      severity: "medium",
      firstDetectedAt: "2026-12-02T08:00:00Z",
      dueAt: "2026-12-09",
    });
    await add({ assetId: beta, severity: "low", firstDetectedAt: "2026-06-01T09:00:00Z" }, "Track");
    await add(
      { assetId: alpha, severity: "unknown", firstDetectedAt: "2026-12-02T09:00:00Z", dueAt: "2026-12-10" },
      "Track*",
    );
    // Resolved: inside the window, across its start, on the day it was found, long before it.
    const resolved = (firstDetectedAt: string, resolvedAt: string) => ({ firstDetectedAt, resolvedAt });
    await add({ assetId: alpha, status: "remediated", ...resolved("2026-10-01T09:00:00Z", "2026-11-15T10:00:00Z") });
    await add({ assetId: beta, status: "closed", ...resolved("2026-05-01T09:00:00Z", "2026-09-10T10:00:00Z") });
    await add({ assetId: alpha, status: "not-affected", ...resolved("2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z") });
    await add({ assetId: beta, status: "risk-accepted", ...resolved("2026-03-01T09:00:00Z", "2026-04-01T10:00:00Z") });
    // Resolved without a resolvedAt: it ended at its last change (today).
    await add({ assetId: beta, status: "remediated", firstDetectedAt: "2026-11-02T09:00:00Z" });
    // Another organisation's alert is not counted.
    await add({ assetId: bank, dueAt: "2026-01-01" }, "Act", other);

    const s = await alertSummary(db.kysely, org, "2026-12-02");
    expect(s).toMatchObject({ orgId: org, today: "2026-12-02", active: 5, overdue: 1, dueWithin7Days: 2 });
    expect(s.byStatus).toEqual([
      { status: "open", count: 3 },
      { status: "acknowledged", count: 1 },
      { status: "in-progress", count: 1 },
      { status: "remediated", count: 2 },
      { status: "not-affected", count: 1 },
      { status: "risk-accepted", count: 1 },
      { status: "closed", count: 1 },
    ]);
    expect(s.byDecision).toEqual(
      ["Act", "Attend", "Track*", "Track", "unknown"].map((decision) => ({ decision, count: 1 })),
    );
    expect(s.bySeverity).toEqual(
      ["critical", "high", "medium", "low", "unknown"].map((level) => ({ level, count: 1 })),
    );
    expect(s.byAsset).toEqual([
      { assetId: alpha, name: "alpha", active: 3, overdue: 1 },
      { assetId: beta, name: "beta", active: 2, overdue: 0 },
    ]);

    expect(s.series).toHaveLength(90);
    expect(s.series[0]).toEqual({ date: "2026-09-04", opened: 0, resolved: 0, active: 2 });
    const changes = s.series.filter((d) => d.opened > 0 || d.resolved > 0);
    expect(changes).toEqual([
      { date: "2026-09-10", opened: 0, resolved: 1, active: 1 },
      { date: "2026-10-01", opened: 1, resolved: 0, active: 2 },
      { date: "2026-11-01", opened: 1, resolved: 0, active: 3 },
      { date: "2026-11-02", opened: 1, resolved: 0, active: 4 },
      { date: "2026-11-15", opened: 0, resolved: 1, active: 3 },
      { date: "2026-11-30", opened: 1, resolved: 0, active: 4 },
      { date: "2026-12-01", opened: 1, resolved: 1, active: 4 },
      { date: "2026-12-02", opened: 2, resolved: 1, active: 5 },
    ]);
    expect(s.series[89]?.active).toBe(s.active);

    const empty = await alertSummary(db.kysely, "no-such-org", "2026-12-02", 7);
    expect(empty).toMatchObject({ active: 0, overdue: 0, dueWithin7Days: 0, byAsset: [] });
    expect(empty.series.map((d) => d.date)).toEqual([
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
    ]);
  });
});

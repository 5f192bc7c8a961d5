import { AlertRepository, AssetRepository, migrateServerDb, OrganisationRepository } from "@bulwark/db";
import { insertAlert, type TestServerDb, testDialects } from "@bulwark/db/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reopenExpiredRisks } from "./risk-expiry.ts";

const NOW = new Date("2026-12-02T12:00:00Z");

describe.each(testDialects())("risk acceptance expiry on $name", (dialect) => {
  let db: TestServerDb;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
  });
  afterEach(() => db.dispose());

  it("reopens alerts whose acceptance expired before today, once, with the reason in their history", async () => {
    const org = await new OrganisationRepository(db.kysely).create({ name: "Bank", kind: "operator" }, NOW);
    const alerts = new AlertRepository(db.kysely);
    const ids: string[] = [];
    for (const [i, expires] of ["2026-11-30", "2026-12-02", "2027-01-31"].entries()) {
      const asset = await new AssetRepository(db.kysely).create(
        { orgId: org.id, name: `core-${i}`, kind: "server", criticality: "high", exposed: false },
        NOW,
      );
      const id = await insertAlert(db, { orgId: org.id, assetId: asset.id, vulnId: `CVE-2026-000${i}` }, NOW);
      await alerts.changeStatus(
        id,
        { status: "risk-accepted", reason: "compensating control", riskExpiresAt: expires },
        NOW,
      );
      ids.push(id);
    }
    expect(await reopenExpiredRisks(db, NOW)).toBe(1);
    expect(await reopenExpiredRisks(db, NOW)).toBe(0);
    const [expired, today, later] = await Promise.all(ids.map((id) => alerts.byId(id)));
    expect(expired?.status).toBe("open");
    expect(today?.status).toBe("risk-accepted");
    expect(later?.status).toBe("risk-accepted");
    expect((await alerts.history(ids[0] as string)).at(-1)).toMatchObject({
      from: "risk-accepted",
      to: "open",
      note: "risk acceptance expired on 2026-11-30",
    });
  });
});

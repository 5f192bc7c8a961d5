import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateServerDb } from "../migrate.ts";
import { type TestServerDb, testDialects } from "../testing.ts";
import { OrganisationRepository } from "./organisations.ts";
import { WebhookRepository } from "./webhooks.ts";

const NOW = new Date("2026-12-02T12:00:00Z");

describe.each(testDialects())("webhooks on $name", (dialect) => {
  let db: TestServerDb;
  let hooks: WebhookRepository;
  let orgId: string;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    hooks = new WebhookRepository(db.kysely);
    orgId = (await new OrganisationRepository(db.kysely).create({ name: "Water Utility", kind: "operator" }, NOW)).id;
  });
  afterEach(() => db.dispose());

  it("stores endpoints per organisation, counts failures in a row and disables once", async () => {
    const a = await hooks.create({ orgId, url: "https://a.example/hook", secret: "whsec_AAAA" }, NOW);
    const b = await hooks.create(
      { orgId, url: "https://b.example/hook", secret: "whsec_BBBB", description: "SIEM" },
      NOW,
    );
    expect(a).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    expect(a).not.toHaveProperty("secret");
    expect((await hooks.listForOrg(orgId)).map((h) => h.url).sort()).toEqual([a.url, b.url]);
    expect((await hooks.withSecret(b.id))?.secret).toBe("whsec_BBBB");
    expect(await hooks.recordFailure(a.id)).toBe(1);
    expect(await hooks.recordFailure(a.id)).toBe(2);
    await hooks.recordSuccess(a.id);
    expect(await hooks.recordFailure(a.id)).toBe(1);
    expect(await hooks.disable(a.id, "10 failures", NOW)).toBe(true);
    expect(await hooks.disable(a.id, "again", NOW)).toBe(false);
    expect(await hooks.byId(a.id)).toMatchObject({
      enabled: false,
      disabledAt: NOW.toISOString(),
      disabledReason: "10 failures",
    });
    expect(await hooks.delete(b.id)).toBe(true);
    expect(await hooks.delete(b.id)).toBe(false);
    expect(await hooks.recordFailure(b.id)).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateServerDb } from "../migrate.ts";
import { type TestServerDb, testDialects } from "../testing.ts";
import { API_TOKEN_PREFIX, ApiTokenRepository } from "./api-tokens.ts";
import { OrganisationRepository } from "./organisations.ts";
import { UserRepository } from "./users.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe.each(testDialects())("identity repositories on $name", (dialect) => {
  let db: TestServerDb;
  let orgs: OrganisationRepository;
  let users: UserRepository;
  let tokens: ApiTokenRepository;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    orgs = new OrganisationRepository(db.kysely);
    users = new UserRepository(db.kysely);
    tokens = new ApiTokenRepository(db.kysely);
  });
  afterEach(() => db.dispose());

  it("creates organisations with unique names and lists them by name with a cursor", async () => {
    const hospital = await orgs.create({ name: "Valley Rural Hospital", kind: "operator", sector: "healthcare" }, NOW);
    await orgs.create({ name: "Acme Vendor", kind: "vendor" }, NOW);
    await orgs.create({ name: "Coordination Centre", kind: "coordinator" }, NOW);
    await expect(orgs.create({ name: "Acme Vendor", kind: "vendor" }, NOW)).rejects.toMatchObject({
      code: "BULWARK_OBJECT_CONFLICT",
    });
    expect(await orgs.byId(hospital.id)).toEqual(hospital);
    expect((await orgs.byName("Acme Vendor"))?.sector).toBeUndefined();
    const first = await orgs.list({ limit: 2 });
    expect(first.map((o) => o.name)).toEqual(["Acme Vendor", "Coordination Centre"]);
    const next = await orgs.list({ limit: 2, after: first[1]?.name });
    expect(next.map((o) => o.name)).toEqual(["Valley Rural Hospital"]);
    expect(await orgs.list({ limit: 10, ids: [] })).toEqual([]);
  });

  it("keeps users, memberships and platform roles apart, with e-mail compared in any case", async () => {
    const org = await orgs.create({ name: "Community Bank", kind: "operator", sector: "financial" }, NOW);
    const u = await users.create({ email: " Alice@Bank.example ", passwordHash: "$argon2id$fake" }, NOW);
    expect(u.email).toBe("alice@bank.example");
    expect((await users.byEmail("ALICE@bank.example"))?.id).toBe(u.id);
    await expect(users.create({ email: "alice@BANK.example" }, NOW)).rejects.toMatchObject({
      code: "BULWARK_OBJECT_CONFLICT",
    });
    expect(await users.passwordHash(u.id)).toBe("$argon2id$fake");
    await users.setMembership(u.id, org.id, "analyst", NOW);
    await users.setMembership(u.id, org.id, "admin", NOW);
    expect(await users.memberships(u.id)).toEqual([{ orgId: org.id, role: "admin" }]);
    await users.grantPlatformRole(u.id, "auditor", NOW);
    await users.grantPlatformRole(u.id, "auditor", NOW);
    await users.grantPlatformRole(u.id, "admin", NOW);
    expect(await users.platformRoles(u.id)).toEqual(["admin", "auditor"]);
    await users.removeMembership(u.id, org.id);
    expect(await users.memberships(u.id)).toEqual([]);
    expect(await users.count()).toBe(1);
  });

  it("locks an account after repeated failed sign-ins and clears the count on success", async () => {
    const u = await users.create({ email: "bob@utility.example" }, NOW);
    for (let i = 0; i < 4; i++) expect((await users.recordFailedLogin(u.id, 5, later(60_000))).locked).toBe(false);
    expect((await users.recordFailedLogin(u.id, 5, later(60_000))).locked).toBe(true);
    expect((await users.byId(u.id))?.lockedUntil).toBe(later(60_000).toISOString());
    await users.recordSuccessfulLogin(u.id);
    expect((await users.byId(u.id))?.lockedUntil).toBeUndefined();
  });

  it("makes tokens shown once, stored hashed, expiring, revocable, with last use recorded", async () => {
    const u = await users.create({ email: "ci@vendor.example" }, NOW);
    const made = await tokens.create({ userId: u.id, name: "ci", scopes: ["scan:write", "alerts:read"] }, NOW);
    expect(made.secret.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(made.secret.length).toBeGreaterThan(40);
    const stored = await db.kysely.selectFrom("api_tokens").selectAll().executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(made.secret.slice(API_TOKEN_PREFIX.length));
    expect(JSON.stringify(stored)).not.toContain(made.secret);

    const used = await tokens.authenticate(made.secret, later(1000));
    expect(used).toMatchObject({ id: made.token.id, scopes: ["alerts:read", "scan:write"] });
    expect(used?.lastUsedAt).toBe(later(1000).toISOString());
    expect(await tokens.authenticate(`${made.secret}x`, NOW)).toBeUndefined();
    expect(await tokens.authenticate("not-a-token", NOW)).toBeUndefined();

    const short = await tokens.create({ userId: u.id, name: "short", scopes: [], expiresAt: later(5000) }, NOW);
    expect(await tokens.authenticate(short.secret, later(4000))).toBeDefined();
    expect(await tokens.authenticate(short.secret, later(5000))).toBeUndefined();

    expect(await tokens.revoke(made.token.id, later(2000))).toBe(true);
    expect(await tokens.revoke(made.token.id, later(3000))).toBe(true);
    expect(await tokens.revoke("no-such-token", NOW)).toBe(false);
    expect(await tokens.authenticate(made.secret, later(4000))).toBeUndefined();
    const list = await tokens.listForUser(u.id);
    expect(list.map((t) => t.name).sort()).toEqual(["ci", "short"]);
    expect(list.find((t) => t.name === "ci")?.revokedAt).toBe(later(2000).toISOString());
  });
});

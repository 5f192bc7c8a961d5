import { canSee, type PlatformRole, type SharedObject, TLP_LABELS, type Viewer } from "@bulwark/access";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateServerDb } from "./migrate.ts";
import { OrganisationRepository } from "./repositories/organisations.ts";
import { UserRepository } from "./repositories/users.ts";
import { countVisible, putShare, visibleObjectIds, visibleShare } from "./shares.ts";
import { type TestServerDb, testDialects } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");

describe.each(testDialects())("TLP visibility in SQL on $name", (dialect) => {
  let db: TestServerDb;
  let viewers: Record<string, Viewer>;
  let objects: (SharedObject & { id: string })[];

  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    const orgs = new OrganisationRepository(db.kysely);
    const users = new UserRepository(db.kysely);
    const owner = await orgs.create({ name: "Vendor (owner)", kind: "vendor" }, NOW);
    const partner = await orgs.create({ name: "Hospital (participant)", kind: "operator", sector: "healthcare" }, NOW);
    const other = await orgs.create({ name: "Bank (unrelated)", kind: "operator", sector: "financial" }, NOW);
    const user = async (name: string, org?: string, role = "analyst") => {
      const u = await users.create({ email: `${name}@example.org` }, NOW);
      if (org !== undefined) await users.setMembership(u.id, org, role, NOW);
      return u.id;
    };
    const ids = {
      creator: await user("creator", owner.id),
      ownerMember: await user("owner-member", owner.id, "viewer"),
      participantMember: await user("participant-member", partner.id),
      named: await user("named", other.id),
      coordinator: await user("coordinator"),
      unrelated: await user("unrelated", other.id),
      admin: await user("admin"),
    };
    await users.grantPlatformRole(ids.coordinator, "coordinator", NOW);
    await users.grantPlatformRole(ids.admin, "admin", NOW);
    await users.grantPlatformRole(ids.admin, "auditor", NOW);
    const viewer = (userId: string, org?: string, platformRoles: PlatformRole[] = []) =>
      ({
        kind: "user",
        userId,
        memberships: org === undefined ? [] : [{ orgId: org, role: "analyst" }],
        platformRoles,
      }) as Viewer;
    viewers = {
      anonymous: { kind: "anonymous" },
      creator: viewer(ids.creator, owner.id),
      ownerMember: {
        ...viewer(ids.ownerMember, owner.id),
        memberships: [{ orgId: owner.id, role: "viewer" }],
      } as Viewer,
      participantMember: viewer(ids.participantMember, partner.id),
      named: viewer(ids.named, other.id),
      coordinator: viewer(ids.coordinator, undefined, ["coordinator"]),
      unrelated: viewer(ids.unrelated, other.id),
      adminAuditor: viewer(ids.admin, undefined, ["admin", "auditor"]),
    };
    objects = TLP_LABELS.map((tlp, i) => ({
      id: `obj-${i}-${tlp}`,
      tlp,
      ownerOrgId: owner.id,
      createdBy: ids.creator,
      participantOrgIds: [partner.id],
      participantUserIds: [ids.named],
    }));
    await db.kysely.transaction().execute(async (trx) => {
      for (const o of objects) await putShare(trx, { objectType: "test-object", objectId: o.id, ...o }, NOW);
      // Another type with the same ids must never show up in this type's lists.
      await putShare(trx, { objectType: "other", objectId: "obj-0-CLEAR", tlp: "CLEAR", ownerOrgId: other.id }, NOW);
    });
  });
  afterEach(() => db.dispose());

  it("lists, counts and reads exactly what canSee allows, for every label and every relationship", async () => {
    for (const [name, v] of Object.entries(viewers)) {
      const expected = objects
        .filter((o) => canSee(v, o))
        .map((o) => o.id)
        .sort();
      const listed = await visibleObjectIds(db.kysely, v, "test-object", { limit: 100 });
      expect({ name, listed }).toEqual({ name, listed: expected });
      expect({ name, count: await countVisible(db.kysely, v, "test-object") }).toEqual({
        name,
        count: expected.length,
      });
      for (const o of objects) {
        const read = await visibleShare(db.kysely, v, "test-object", o.id);
        expect({ name, id: o.id, visible: read !== undefined }).toEqual({ name, id: o.id, visible: canSee(v, o) });
      }
    }
  });

  it("matches the policy table: who sees which label", async () => {
    const seen: Record<string, string[]> = {};
    for (const [name, v] of Object.entries(viewers)) {
      seen[name] = (await visibleObjectIds(db.kysely, v, "test-object", { limit: 100 })).map((id) =>
        id.split("-").slice(2).join("-"),
      );
    }
    expect(seen).toEqual({
      anonymous: ["CLEAR"],
      creator: ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"],
      ownerMember: ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT"],
      participantMember: ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT"],
      named: ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"],
      coordinator: ["CLEAR", "GREEN", "AMBER"],
      unrelated: ["CLEAR", "GREEN"],
      adminAuditor: ["CLEAR", "GREEN"],
    });
  });

  it("pages without revealing hidden objects between pages", async () => {
    const v = viewers.unrelated as Viewer;
    const first = await visibleObjectIds(db.kysely, v, "test-object", { limit: 1 });
    const second = await visibleObjectIds(db.kysely, v, "test-object", { limit: 1, after: first[0] as string });
    const third = await visibleObjectIds(db.kysely, v, "test-object", { limit: 1, after: second[0] as string });
    expect([...first, ...second, ...third]).toEqual(["obj-0-CLEAR", "obj-1-GREEN"]);
  });

  it("refuses labels that are not TLP 2.0 at the database", async () => {
    await expect(
      sql`INSERT INTO shares (object_type, object_id, tlp, owner_org_id, created_at) SELECT 'x', 'y', 'WHITE', id, 'now' FROM organisations LIMIT 1`.execute(
        db.kysely,
      ),
    ).rejects.toThrow();
  });
});

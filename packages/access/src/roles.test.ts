import { describe, expect, it } from "vitest";
import {
  OPERATOR_SECTORS,
  ORG_ACTIONS,
  ORG_KINDS,
  ORG_ROLES,
  type OrgAction,
  type OrgRole,
  orgCan,
  orgCanUpdate,
  orgRoleRank,
  PLATFORM_ROLES,
  parseOperatorSector,
  parseOrgAction,
  parseOrgKind,
  parseOrgRole,
  parsePlatformRole,
} from "./roles.ts";

// The org permission table is the spec; docs/access-control.md repeats it.
const CAN: Record<OrgRole, Record<OrgAction, boolean>> = {
  owner: { read: true, write: true, "manage-members": true, "manage-tokens": true, "manage-org": true },
  admin: { read: true, write: true, "manage-members": true, "manage-tokens": true, "manage-org": false },
  analyst: { read: true, write: true, "manage-members": false, "manage-tokens": false, "manage-org": false },
  member: { read: true, write: true, "manage-members": false, "manage-tokens": false, "manage-org": false },
  viewer: { read: true, write: false, "manage-members": false, "manage-tokens": false, "manage-org": false },
};

describe("orgCan", () => {
  for (const role of ORG_ROLES) {
    for (const action of ORG_ACTIONS) {
      it(`${role} ${CAN[role][action] ? "may" : "may not"} ${action}`, () => {
        expect(orgCan(role, action)).toBe(CAN[role][action]);
      });
    }
  }

  it("denies unknown roles and actions", () => {
    expect(orgCan("superuser" as OrgRole, "read")).toBe(false);
    expect(orgCan("constructor" as OrgRole, "read")).toBe(false);
    expect(orgCan(undefined as unknown as OrgRole, "read")).toBe(false);
    expect(orgCan("owner", "delete-everything" as OrgAction)).toBe(false);
  });
});

describe("orgCanUpdate", () => {
  it("lets owners, admins and analysts update any object of the organisation", () => {
    for (const role of ["owner", "admin", "analyst"] as const) {
      expect(orgCanUpdate(role, { isCreator: false })).toBe(true);
      expect(orgCanUpdate(role, { isCreator: true })).toBe(true);
    }
  });

  it("lets members update only what they created", () => {
    expect(orgCanUpdate("member", { isCreator: true })).toBe(true);
    expect(orgCanUpdate("member", { isCreator: false })).toBe(false);
  });

  it("never lets viewers update, not even their own", () => {
    expect(orgCanUpdate("viewer", { isCreator: true })).toBe(false);
    expect(orgCanUpdate("viewer", { isCreator: false })).toBe(false);
  });
});

describe("orgRoleRank", () => {
  it("orders owner > admin > analyst > member > viewer", () => {
    expect(ORG_ROLES.map((role) => orgRoleRank(role))).toEqual([4, 3, 2, 1, 0]);
  });

  it("ranks an unknown role below viewer", () => {
    expect(orgRoleRank("guest" as OrgRole)).toBe(-1);
  });
});

describe("parse helpers", () => {
  it("read every listed value, trimmed and in any case", () => {
    for (const kind of ORG_KINDS) expect(parseOrgKind(` ${kind.toUpperCase()} `)).toBe(kind);
    for (const sector of OPERATOR_SECTORS) expect(parseOperatorSector(sector)).toBe(sector);
    for (const role of ORG_ROLES) expect(parseOrgRole(role.toUpperCase())).toBe(role);
    for (const role of PLATFORM_ROLES) expect(parsePlatformRole(role)).toBe(role);
    for (const action of ORG_ACTIONS) expect(parseOrgAction(action)).toBe(action);
  });

  it("reject near misses and non-strings", () => {
    expect(parseOrgKind("ai_developer")).toBeUndefined();
    expect(parseOrgKind("AI developer")).toBeUndefined();
    expect(parseOperatorSector("finance")).toBeUndefined();
    expect(parseOrgRole("owners")).toBeUndefined();
    expect(parseOrgRole("")).toBeUndefined();
    expect(parsePlatformRole("designating official")).toBeUndefined();
    expect(parsePlatformRole("root")).toBeUndefined();
    expect(parseOrgAction("manage")).toBeUndefined();
    expect(parseOrgRole(null as unknown as string)).toBeUndefined();
  });

  it("keep org kinds, sectors, org roles and platform roles as separate vocabularies", () => {
    // "government" is both a kind and a sector, "coordinator" both a kind and a platform role,
    // "admin" both an org role and a platform role: the lists are distinct on purpose.
    expect(parseOrgKind("government")).toBe("government");
    expect(parseOperatorSector("government")).toBe("government");
    expect(parsePlatformRole("coordinator")).toBe("coordinator");
    expect(parseOrgRole("coordinator")).toBeUndefined();
    expect(parsePlatformRole("owner")).toBeUndefined();
    expect(parsePlatformRole("viewer")).toBeUndefined();
  });
});

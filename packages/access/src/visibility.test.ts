import { describe, expect, it } from "vitest";
import { ORG_ROLES, PLATFORM_ROLES, type PlatformRole } from "./roles.ts";
import { TLP_LABELS, type TlpLabel } from "./tlp.ts";
import {
  ANONYMOUS,
  canSee,
  effectiveTlp,
  labelsOpenedBy,
  RELATIONSHIP_CEILING,
  RELATIONSHIPS,
  type Relationship,
  relationshipsOf,
  type SharedObject,
  type Viewer,
  whyVisible,
} from "./visibility.ts";

// THE SPEC. One row per relationship, one column per label. docs/access-control.md and the
// table in visibility.ts repeat it; the database layer's SQL filter must agree with it.
const EXPECTED: Record<Relationship, Record<TlpLabel, boolean>> = {
  anonymous: { CLEAR: true, GREEN: false, AMBER: false, "AMBER+STRICT": false, RED: false },
  "unrelated-user": { CLEAR: true, GREEN: true, AMBER: false, "AMBER+STRICT": false, RED: false },
  "platform-coordinator": { CLEAR: true, GREEN: true, AMBER: true, "AMBER+STRICT": false, RED: false },
  "participant-org-member": { CLEAR: true, GREEN: true, AMBER: true, "AMBER+STRICT": true, RED: false },
  "owner-org-member": { CLEAR: true, GREEN: true, AMBER: true, "AMBER+STRICT": true, RED: false },
  "named-participant": { CLEAR: true, GREEN: true, AMBER: true, "AMBER+STRICT": true, RED: true },
  creator: { CLEAR: true, GREEN: true, AMBER: true, "AMBER+STRICT": true, RED: true },
};

const OWNER_ORG = "org-owner";
const PARTNER_ORG = "org-partner";
const ELSEWHERE_ORG = "org-elsewhere";
const CLEARINGHOUSE_ORG = "org-clearinghouse";

function objectWith(tlp: TlpLabel): SharedObject {
  return {
    tlp,
    ownerOrgId: OWNER_ORG,
    createdBy: "u-creator",
    participantOrgIds: [PARTNER_ORG],
    participantUserIds: ["u-named"],
  };
}

function user(userId: string, orgIds: readonly string[], platformRoles: readonly PlatformRole[] = []): Viewer {
  return { kind: "user", userId, memberships: orgIds.map((orgId) => ({ orgId, role: "analyst" })), platformRoles };
}

// One viewer per relationship, each holding exactly that one relationship to the fixture object.
// The creator has left the owner organisation, so only "creator" ties them to the object.
const VIEWERS: Record<Relationship, Viewer> = {
  anonymous: ANONYMOUS,
  "unrelated-user": user("u-outsider", [ELSEWHERE_ORG]),
  "platform-coordinator": user("u-coordinator", [CLEARINGHOUSE_ORG], ["coordinator"]),
  "participant-org-member": user("u-partner", [PARTNER_ORG]),
  "owner-org-member": user("u-owner-member", [OWNER_ORG]),
  "named-participant": user("u-named", [ELSEWHERE_ORG]),
  creator: user("u-creator", [ELSEWHERE_ORG]),
};

describe("the visibility matrix (label × relationship)", () => {
  it("covers every relationship and every label", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...RELATIONSHIPS].sort());
    for (const row of Object.values(EXPECTED)) expect(Object.keys(row).sort()).toEqual([...TLP_LABELS].sort());
  });

  for (const relationship of RELATIONSHIPS) {
    it(`the ${relationship} fixture holds exactly that relationship`, () => {
      for (const label of TLP_LABELS) {
        expect(relationshipsOf(VIEWERS[relationship], objectWith(label))).toEqual([relationship]);
      }
    });

    for (const label of TLP_LABELS) {
      const expected = EXPECTED[relationship][label];
      it(`${relationship} ${expected ? "sees" : "does not see"} TLP:${label}`, () => {
        const object = objectWith(label);
        expect(canSee(VIEWERS[relationship], object)).toBe(expected);
        expect(whyVisible(VIEWERS[relationship], object).visible).toBe(expected);
      });
    }
  }

  it("exports the same table as data (ceiling and labelsOpenedBy)", () => {
    for (const relationship of RELATIONSHIPS) {
      const opened = TLP_LABELS.filter((label) => EXPECTED[relationship][label]);
      expect(labelsOpenedBy(relationship)).toEqual(opened);
      expect(RELATIONSHIP_CEILING[relationship]).toBe(opened.at(-1));
    }
  });

  it("is monotone: whoever sees a label sees every less restrictive one", () => {
    for (const relationship of RELATIONSHIPS) {
      const row = TLP_LABELS.map((label) => EXPECTED[relationship][label]);
      expect(row.indexOf(false) === -1 || !row.slice(row.indexOf(false)).includes(true)).toBe(true);
    }
  });
});

describe("several relationships at once", () => {
  it("lists every relationship that holds and sees the union", () => {
    const viewer = user("u-named", [OWNER_ORG, PARTNER_ORG], ["coordinator"]);
    expect(relationshipsOf(viewer, objectWith("RED"))).toEqual([
      "platform-coordinator",
      "participant-org-member",
      "owner-org-member",
      "named-participant",
    ]);
    for (const label of TLP_LABELS) expect(canSee(viewer, objectWith(label))).toBe(true);
  });

  it("a coordinator who is also in a participating organisation sees AMBER+STRICT through the membership", () => {
    const viewer = user("u-coordinator", [PARTNER_ORG], ["coordinator"]);
    const result = whyVisible(viewer, objectWith("AMBER+STRICT"));
    expect(result.visible).toBe(true);
    expect(result.reason).toContain("participating organisation");
    expect(canSee(viewer, objectWith("RED"))).toBe(false);
  });

  it("the creator who is still in the owner organisation holds both and sees RED", () => {
    const viewer = user("u-creator", [OWNER_ORG]);
    expect(relationshipsOf(viewer, objectWith("RED"))).toEqual(["owner-org-member", "creator"]);
    expect(canSee(viewer, objectWith("RED"))).toBe(true);
  });

  it("whole organisations never see RED, even owners and admins of the owner organisation", () => {
    for (const role of ORG_ROLES) {
      const viewer: Viewer = {
        kind: "user",
        userId: "u-boss",
        memberships: [{ orgId: OWNER_ORG, role }],
        platformRoles: [...PLATFORM_ROLES],
      };
      expect(canSee(viewer, objectWith("RED")), role).toBe(false);
    }
  });
});

describe("anonymous viewers", () => {
  it("never see anything above CLEAR, whatever the object lists", () => {
    const odd: SharedObject[] = TLP_LABELS.map((tlp) => ({
      tlp,
      ownerOrgId: "",
      participantOrgIds: [""],
      participantUserIds: [""],
    }));
    for (const object of [...TLP_LABELS.map(objectWith), ...odd]) {
      expect(canSee(ANONYMOUS, object)).toBe(object.tlp === "CLEAR");
    }
  });
});

describe("labels that are not canonical fail closed (treated as RED)", () => {
  const garbage: unknown[] = [
    "",
    "amber",
    "TLP:AMBER",
    "WHITE",
    "GREEN ",
    "constructor",
    "__proto__",
    undefined,
    null,
    2,
    10n,
    {},
    Symbol("x"),
  ];

  for (const tlp of garbage) {
    it(`${String(tlp)} is visible only to named participants and the creator`, () => {
      const object = { ...objectWith("CLEAR"), tlp } as unknown as SharedObject;
      for (const relationship of RELATIONSHIPS) {
        expect(() => canSee(VIEWERS[relationship], object)).not.toThrow();
        expect(canSee(VIEWERS[relationship], object), relationship).toBe(EXPECTED[relationship].RED);
      }
      expect(whyVisible(ANONYMOUS, object).reason).toContain("treated as TLP:RED");
    });
  }

  it("effectiveTlp keeps canonical labels and turns the rest into RED", () => {
    for (const label of TLP_LABELS) expect(effectiveTlp(label)).toBe(label);
    expect(effectiveTlp("clear")).toBe("RED");
  });
});

describe("platform roles other than coordinator open nothing", () => {
  const powerless: PlatformRole[] = ["admin", "auditor", "evaluator", "designating-official"];

  it("adding admin, auditor, evaluator and designating-official changes no decision", () => {
    for (const relationship of RELATIONSHIPS) {
      const base = VIEWERS[relationship];
      if (base.kind !== "user") continue;
      const empowered: Viewer = { ...base, platformRoles: [...base.platformRoles, ...powerless] };
      for (const label of TLP_LABELS) {
        expect(canSee(empowered, objectWith(label)), `${relationship} ${label}`).toBe(canSee(base, objectWith(label)));
      }
    }
  });

  it("a platform admin and auditor without memberships sees only what any signed-in user sees", () => {
    const viewer = user("u-admin", [], ["admin", "auditor"]);
    expect(relationshipsOf(viewer, objectWith("AMBER"))).toEqual(["unrelated-user"]);
    expect(TLP_LABELS.filter((label) => canSee(viewer, objectWith(label)))).toEqual(["CLEAR", "GREEN"]);
  });
});

describe("memberships", () => {
  it("every org role, viewer included, counts as membership", () => {
    for (const role of ORG_ROLES) {
      const viewer: Viewer = {
        kind: "user",
        userId: "u-x",
        memberships: [{ orgId: PARTNER_ORG, role }],
        platformRoles: [],
      };
      expect(canSee(viewer, objectWith("AMBER+STRICT")), role).toBe(true);
    }
  });

  it("removing a membership removes access", () => {
    const member = user("u-leaver", [ELSEWHERE_ORG, OWNER_ORG]);
    const left = user("u-leaver", [ELSEWHERE_ORG]);
    expect(canSee(member, objectWith("AMBER+STRICT"))).toBe(true);
    expect(canSee(left, objectWith("AMBER+STRICT"))).toBe(false);
    expect(canSee(left, objectWith("AMBER"))).toBe(false);
    expect(canSee(left, objectWith("GREEN"))).toBe(true);
  });

  it("being in a coordinator-kind organisation is not the coordinator platform role", () => {
    const viewer = user("u-staff", [CLEARINGHOUSE_ORG]);
    expect(canSee(viewer, objectWith("AMBER"))).toBe(false);
  });
});

describe("identifiers", () => {
  it("an empty or missing id matches nothing", () => {
    const object: SharedObject = { tlp: "RED", ownerOrgId: "", participantOrgIds: [""], participantUserIds: [""] };
    const nobody: Viewer = { kind: "user", userId: "", memberships: [{ orgId: "", role: "owner" }], platformRoles: [] };
    expect(relationshipsOf(nobody, object)).toEqual(["unrelated-user"]);
    expect(canSee(nobody, object)).toBe(false);
    const noId = { kind: "user", memberships: [], platformRoles: [] } as unknown as Viewer;
    expect(canSee(noId, object)).toBe(false);
  });

  it("ids are compared exactly", () => {
    expect(canSee(user("U-NAMED", []), objectWith("RED"))).toBe(false);
    expect(canSee(user("u-x", ["ORG-OWNER"]), objectWith("AMBER"))).toBe(false);
  });
});

describe("malformed input at runtime", () => {
  it("never throws and fails closed", () => {
    const viewers = [
      null,
      undefined,
      {},
      { kind: "admin" },
      { kind: "user", userId: "u-named" },
      { kind: "user", userId: "u-x", memberships: [null, 5, { orgId: 7 }], platformRoles: "coordinator" },
    ] as unknown as Viewer[];
    const objects = [
      null,
      undefined,
      { tlp: "AMBER" },
      { tlp: "AMBER", ownerOrgId: 7, participantOrgIds: "org-partner", participantUserIds: null },
    ] as unknown as SharedObject[];
    for (const viewer of viewers) {
      for (const object of objects) {
        expect(() => whyVisible(viewer, object)).not.toThrow();
        expect(canSee(viewer, object)).toBe(false);
      }
    }
  });

  it("a viewer that is not a user is anonymous", () => {
    expect(relationshipsOf({ kind: "admin" } as unknown as Viewer, objectWith("CLEAR"))).toEqual(["anonymous"]);
    expect(canSee(null as unknown as Viewer, objectWith("CLEAR"))).toBe(true);
    expect(canSee(null as unknown as Viewer, objectWith("GREEN"))).toBe(false);
  });

  it("a named participant with no membership lists still sees RED", () => {
    const viewer = { kind: "user", userId: "u-named" } as unknown as Viewer;
    expect(canSee(viewer, objectWith("RED"))).toBe(true);
  });
});

describe("whyVisible", () => {
  it("names the label and the relationship that decides", () => {
    expect(whyVisible(VIEWERS["owner-org-member"], objectWith("AMBER")).reason).toBe(
      "TLP:AMBER is visible: the viewer is a member of the owner organisation",
    );
    expect(whyVisible(VIEWERS["platform-coordinator"], objectWith("AMBER+STRICT")).reason).toBe(
      "TLP:AMBER+STRICT is not visible: it needs a member of a participating organisation or a member of the owner organisation or a named participant or the creator; the viewer is a platform coordinator",
    );
    expect(whyVisible(ANONYMOUS, objectWith("GREEN")).reason).toContain("the viewer is not signed in");
  });

  it("never puts ids in the reason", () => {
    for (const relationship of RELATIONSHIPS) {
      for (const label of TLP_LABELS) {
        const { reason } = whyVisible(VIEWERS[relationship], objectWith(label));
        expect(reason).not.toMatch(/u-|org-/);
      }
    }
  });

  it("cuts a long garbage label short", () => {
    const object = { ...objectWith("CLEAR"), tlp: "X".repeat(500) } as unknown as SharedObject;
    expect(whyVisible(ANONYMOUS, object).reason.length).toBeLessThan(300);
  });
});

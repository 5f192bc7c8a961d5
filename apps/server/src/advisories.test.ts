import { ANONYMOUS, canSee, type SharedObject, TLP_LABELS, type TlpLabel } from "@bulwark/access";
import { parseOsvJson } from "@bulwark/advisories";
import {
  ApiTokenRepository,
  importIntoKnowledgeBase,
  KnowledgeBase,
  migrateServerDb,
  OrganisationRepository,
  UserRepository,
  verifyAuditChain,
} from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { viewerOf } from "./plugins/auth.ts";
import { buildTestApp } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const PUBLIC_ID = "PYSEC-2026-1";
const idOf = (i: number, tlp: TlpLabel) => `BWK-2026-${i}-${tlp}`;
const IDS = TLP_LABELS.map((tlp, i) => idOf(i, tlp));

const VIEWERS = [
  "anonymous",
  "unrelated",
  "coordinator",
  "ownerMember",
  "participantMember",
  "named",
  "creator",
  "adminAuditor",
] as const;
type ViewerName = (typeof VIEWERS)[number];

/**
 * The labels each viewer may list, count and read: the table of docs/access-control.md with
 * O the owner, P the participating organisation, N named, C the creator.
 */
const EXPECTED: Record<ViewerName, readonly TlpLabel[]> = {
  anonymous: ["CLEAR"],
  unrelated: ["CLEAR", "GREEN"],
  coordinator: ["CLEAR", "GREEN", "AMBER"],
  ownerMember: ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT"],
  participantMember: ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT"],
  named: ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"],
  creator: ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"],
  adminAuditor: ["CLEAR", "GREEN"],
};

/** An OSV record affecting PyPI `bulwark-demo` below 2.0. */
function osvRecord(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    modified: "2026-11-01T00:00:00Z",
    summary: `Flaw ${id}`,
    affected: [
      {
        package: { ecosystem: "PyPI", name: "bulwark-demo" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.0" }] }],
      },
    ],
    ...extra,
  };
}

describe.each(testDialects())("clearinghouse advisories on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let org: { O: string; P: string; U: string };
  let user: Record<Exclude<ViewerName, "anonymous">, string>;
  let token: Record<ViewerName, string | undefined>;

  const headers = (who: ViewerName, extra: Record<string, string> = {}) => ({
    ...(token[who] !== undefined && { authorization: `Bearer ${token[who]}` }),
    ...extra,
  });
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
  const get = (who: ViewerName, url: string, extra: Record<string, string> = {}) =>
    app.inject({ url, headers: headers(who, extra) });
  const one = (who: ViewerName, id: string, extra: Record<string, string> = {}) =>
    get(who, `/api/v1/advisories/${encodeURIComponent(id)}`, extra);
  const submit = (auth: Record<string, string>, payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/api/v1/advisories", headers: auth, payload });
  const auditRows = () => db.kysely.selectFrom("audit_log").selectAll().orderBy("seq").execute();
  const makeToken = async (userId: string, opts: { orgId?: string; scopes?: string[] } = {}) =>
    (
      await new ApiTokenRepository(db.kysely).create(
        {
          userId,
          name: "test",
          scopes: opts.scopes ?? ["read", "write"],
          ...(opts.orgId !== undefined && { orgId: opts.orgId }),
        },
        NOW,
      )
    ).secret;

  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    const publicRecord = parseOsvJson(JSON.stringify(osvRecord(PUBLIC_ID, { summary: "public" })), PUBLIC_ID);
    if ("reason" in publicRecord) throw new Error(publicRecord.reason);
    await importIntoKnowledgeBase(
      db,
      { osv: [{ source: "osv:PyPI", location: "PyPI", full: false, records: [publicRecord] }] },
      NOW,
    );
    app = await buildTestApp(db, () => NOW);
    const orgs = new OrganisationRepository(db.kysely);
    const users = new UserRepository(db.kysely);
    org = {
      O: (await orgs.create({ name: "Vendor (owner)", kind: "vendor" }, NOW)).id,
      P: (await orgs.create({ name: "Hospital (participant)", kind: "operator", sector: "healthcare" }, NOW)).id,
      U: (await orgs.create({ name: "Bank (unrelated)", kind: "operator", sector: "financial" }, NOW)).id,
    };
    const add = async (name: string, membership?: [string, string]) => {
      const u = await users.create({ email: `${name}@example.org` }, NOW);
      if (membership !== undefined) await users.setMembership(u.id, membership[0], membership[1], NOW);
      return u.id;
    };
    user = {
      unrelated: await add("unrelated", [org.U, "analyst"]),
      coordinator: await add("coordinator"),
      ownerMember: await add("owner-member", [org.O, "viewer"]),
      participantMember: await add("participant-member", [org.P, "analyst"]),
      named: await add("named", [org.U, "member"]),
      creator: await add("creator", [org.O, "analyst"]),
      adminAuditor: await add("admin"),
    };
    await users.grantPlatformRole(user.coordinator, "coordinator", NOW);
    await users.grantPlatformRole(user.adminAuditor, "admin", NOW);
    await users.grantPlatformRole(user.adminAuditor, "auditor", NOW);
    token = { anonymous: undefined } as typeof token;
    for (const [name, id] of Object.entries(user)) token[name as ViewerName] = await makeToken(id);

    for (const [i, tlp] of TLP_LABELS.entries()) {
      const r = await submit(headers("creator", { "x-request-id": `submit-${i}` }), {
        record: osvRecord(idOf(i, tlp)),
        tlp,
        orgId: org.O,
        participantOrgIds: [org.P],
        participantUserIds: [user.named],
      });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ id: idOf(i, tlp), tlp, ownerOrgId: org.O, createdBy: user.creator });
    }
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  const sharedObject = (tlp: TlpLabel): SharedObject => ({
    tlp,
    ownerOrgId: org.O,
    createdBy: user.creator,
    participantOrgIds: [org.P],
    participantUserIds: [user.named],
  });

  it("lists, counts and reads exactly the table's labels for every viewer, as canSee decides", async () => {
    const users = new UserRepository(db.kysely);
    for (const who of VIEWERS) {
      const expectedIds = IDS.filter((_, i) => EXPECTED[who].includes(TLP_LABELS[i] as TlpLabel));
      const viewer = who === "anonymous" ? ANONYMOUS : await viewerOf(users, user[who]);
      // The literal table and the policy agree, label by label.
      expect(
        TLP_LABELS.filter((tlp) => canSee(viewer, sharedObject(tlp))),
        who,
      ).toEqual(EXPECTED[who]);

      const list = await get(who, "/api/v1/advisories?limit=200");
      expect(list.statusCode, who).toBe(200);
      expect(list.headers["cache-control"]).toBe("no-store");
      expect(
        list.json().items.map((i: { id: string }) => i.id),
        who,
      ).toEqual(expectedIds);
      expect(list.json().total, who).toBe(expectedIds.length);
      expect(list.json().nextCursor).toBeUndefined();
      for (const id of IDS) {
        const r = await one(who, id);
        expect(r.statusCode, `${who} GET ${id}`).toBe(expectedIds.includes(id) ? 200 : 404);
        if (r.statusCode === 404) expect(r.json().code).toBe("BULWARK_OBJECT_NOT_FOUND");
      }
    }
    // Hidden and missing answer alike.
    const missing = await one("unrelated", "BWK-NO-SUCH");
    const hidden = await one("unrelated", idOf(4, "RED"));
    expect([missing.statusCode, missing.json().code]).toEqual([hidden.statusCode, hidden.json().code]);
  });

  it("answers the list and one advisory with label, owner, participants and the record as submitted", async () => {
    const list = await get("creator", "/api/v1/advisories");
    expect(list.json().items[4]).toEqual({
      id: idOf(4, "RED"),
      summary: `Flaw ${idOf(4, "RED")}`,
      tlp: "RED",
      ownerOrgId: org.O,
      modified: "2026-11-01T00:00:00Z",
    });
    const red = await one("named", idOf(4, "RED"));
    expect(red.json()).toEqual({
      record: osvRecord(idOf(4, "RED")),
      tlp: "RED",
      ownerOrgId: org.O,
      participantOrgIds: [org.P],
      participantUserIds: [user.named],
    });
    // Public OSV records have no share: they are the OSV API's, not listed here.
    expect((await one("creator", PUBLIC_ID)).statusCode).toBe(404);
  });

  it("pages through only what the viewer may see, with the same total on every page", async () => {
    for (const who of VIEWERS) {
      const expectedIds = IDS.filter((_, i) => EXPECTED[who].includes(TLP_LABELS[i] as TlpLabel));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = (
          await get(who, `/api/v1/advisories?limit=1${cursor === undefined ? "" : `&cursor=${cursor}`}`)
        ).json();
        expect(page.total, who).toBe(expectedIds.length);
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items.map((i: { id: string }) => i.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(seen, who).toEqual(expectedIds);
    }
    // A cursor made up to start just before hidden advisories skips to the next visible one, or to none.
    const after = (key: string) => Buffer.from(JSON.stringify({ after: key })).toString("base64url");
    const crafted = await get("unrelated", `/api/v1/advisories?cursor=${after("BWK-2026-1-GREEN")}`);
    expect(crafted.json()).toEqual({ items: [], total: 2 });
    const fromAmber = await get("coordinator", `/api/v1/advisories?cursor=${after("BWK-2026-2")}`);
    expect(fromAmber.json().items.map((i: { id: string }) => i.id)).toEqual([idOf(2, "AMBER")]);
    expect((await get("creator", "/api/v1/advisories?cursor=garbage")).json().code).toBe("BULWARK_REQUEST_INVALID");
  });

  it("audits every AMBER-or-stricter read with actor, organisation and request id, and no CLEAR or GREEN read", async () => {
    const before = (await auditRows()).length;
    for (const [i, tlp] of TLP_LABELS.entries()) {
      if (tlp === "CLEAR" || tlp === "GREEN") expect((await one("creator", idOf(i, tlp))).statusCode).toBe(200);
    }
    expect((await get("unrelated", "/api/v1/advisories")).statusCode).toBe(200);
    expect(await auditRows()).toHaveLength(before);

    const reads: [ViewerName, number, string | null][] = [
      ["ownerMember", 2, org.O],
      ["participantMember", 3, org.P],
      ["named", 4, org.U], // named on its own, not through an organisation: their first membership
      ["creator", 4, org.O],
      ["coordinator", 2, null], // no membership to attribute the read to
    ];
    for (const [who, i, actorOrg] of reads) {
      const r = await one(who, IDS[i] as string, { "x-request-id": `read-${who}-${i}` });
      expect(r.statusCode).toBe(200);
      const last = (await auditRows()).at(-1);
      expect(last).toMatchObject({
        action: "advisory.read",
        actor_user_id: user[who as Exclude<ViewerName, "anonymous">],
        actor_org_id: actorOrg,
        request_id: `read-${who}-${i}`,
        object_type: "advisory",
        object_id: IDS[i],
        tlp: TLP_LABELS[i],
      });
    }
    const ownerRead = (await auditRows()).find((a) => a.request_id === "read-ownerMember-2");
    expect(JSON.parse(ownerRead?.details ?? "{}").reason).toMatch(/TLP:AMBER is visible: .*owner organisation/);

    // A user in several organisations: the read is the one the access came through, unless the
    // token acts for an organisation.
    const users = new UserRepository(db.kysely);
    await users.setMembership(user.participantMember, org.U, "viewer", NOW);
    await one("participantMember", idOf(3, "AMBER+STRICT"), { "x-request-id": "dual" });
    expect((await auditRows()).at(-1)).toMatchObject({ request_id: "dual", actor_org_id: org.P });
    const forU = await makeToken(user.participantMember, { orgId: org.U });
    await app.inject({
      url: `/api/v1/advisories/${encodeURIComponent(idOf(3, "AMBER+STRICT"))}`,
      headers: { ...bearer(forU), "x-request-id": "token-org" },
    });
    expect((await auditRows()).at(-1)).toMatchObject({ request_id: "token-org", actor_org_id: org.U });

    // Summaries are content: a page with AMBER+ advisories is one audited read naming them.
    await get("ownerMember", "/api/v1/advisories", { "x-request-id": "list-owner" });
    const listed = (await auditRows()).at(-1);
    expect(listed).toMatchObject({
      action: "advisory.list",
      actor_user_id: user.ownerMember,
      actor_org_id: org.O,
      request_id: "list-owner",
      tlp: "AMBER+STRICT",
    });
    expect(JSON.parse(listed?.details ?? "{}")).toEqual({ ids: [idOf(2, "AMBER"), idOf(3, "AMBER+STRICT")] });
    // Refused reads write nothing.
    const count = (await auditRows()).length;
    expect((await one("unrelated", idOf(2, "AMBER"))).statusCode).toBe(404);
    expect(await auditRows()).toHaveLength(count);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, entries: count });
  });

  it("audits each submission with actor, organisation, request id and label", async () => {
    const created = (await auditRows()).filter((a) => a.action === "advisory.create");
    expect(created.map((a) => [a.object_id, a.tlp, a.actor_user_id, a.actor_org_id, a.request_id])).toEqual(
      TLP_LABELS.map((tlp, i) => [idOf(i, tlp), tlp, user.creator, org.O, `submit-${i}`]),
    );
    expect(JSON.parse(created[0]?.details ?? "{}")).toEqual({
      modified: "2026-11-01T00:00:00Z",
      participantOrgIds: [org.P],
      participantUserIds: [user.named],
    });
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, entries: 5 });
  });

  it("lets only writers of the owner organisation submit, and a token only for its own organisation", async () => {
    const body = { record: osvRecord("BWK-2026-9"), tlp: "AMBER", orgId: org.O };
    const audit = (await auditRows()).length;
    const refused: [Record<string, string>, number, string][] = [
      [{}, 401, "BULWARK_AUTH_REQUIRED"],
      [headers("ownerMember"), 403, "BULWARK_AUTH_FORBIDDEN"], // org viewer: reads only
      [headers("participantMember"), 403, "BULWARK_AUTH_FORBIDDEN"], // a writer, but in P
      [headers("coordinator"), 403, "BULWARK_AUTH_FORBIDDEN"],
      [headers("adminAuditor"), 403, "BULWARK_AUTH_FORBIDDEN"],
      [bearer(await makeToken(user.creator, { scopes: ["read"] })), 403, "BULWARK_AUTH_FORBIDDEN"],
      [bearer(await makeToken(user.creator, { orgId: org.P })), 403, "BULWARK_AUTH_FORBIDDEN"],
    ];
    for (const [auth, status, code] of refused) {
      const r = await submit(auth, body);
      expect([r.statusCode, r.json().code]).toEqual([status, code]);
    }
    expect(await auditRows()).toHaveLength(audit);
    expect((await get("creator", "/api/v1/advisories")).json().total).toBe(5);
    // Reading needs the read scope from a token, as every GET does.
    const writeOnly = bearer(await makeToken(user.creator, { scopes: ["write"] }));
    expect((await app.inject({ url: "/api/v1/advisories", headers: writeOnly })).statusCode).toBe(403);
    const forO = await makeToken(user.creator, { orgId: org.O });
    expect((await submit(bearer(forO), body)).statusCode).toBe(201);
  });

  it("rejects invalid records, labels and participants with coded errors and stores nothing", async () => {
    const base = { record: osvRecord("BWK-2026-9"), tlp: "AMBER", orgId: org.O };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, record: { id: "BWK-2026-9", summary: "no modified" } }, /not valid: .*modified/],
      [{ ...base, record: osvRecord("bad id with spaces") }, /not valid: .*id/],
      [{ ...base, record: osvRecord("BWK-2026-9", { affected: [{ package: { name: "x" } }] }) }, /ecosystem/],
      [{ ...base, record: "not an object" }, /body is not valid/],
      [{ ...base, tlp: "WHITE" }, /not a TLP 2.0 label/],
      [{ ...base, tlp: "AMBER+" }, /not a TLP 2.0 label/],
      [{ ...base, orgId: undefined }, /body is not valid/],
      [{ ...base, participantOrgIds: ["no-such-org"] }, /unknown participant/],
      [{ ...base, participantUserIds: ["no-such-user"] }, /unknown participant/],
    ];
    const audit = (await auditRows()).length;
    for (const [payload, message] of cases) {
      const r = await submit(headers("creator"), payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json()).toMatchObject({ code: "BULWARK_REQUEST_INVALID", message });
    }
    const bad = await submit(headers("creator"), { ...base, record: { id: "BWK-2026-9" } });
    expect(bad.json().details.problem).toMatch(/modified/);
    const unknown = await submit(headers("creator"), { ...base, participantOrgIds: [org.P, "nope"] });
    expect(unknown.json().details).toMatchObject({ unknownOrgIds: ["nope"], unknownUserIds: [] });
    expect(await auditRows()).toHaveLength(audit);
    expect(await new KnowledgeBase(db).getById("BWK-2026-9")).toBeUndefined();
    // The lenient spelling of a label is accepted and stored canonically.
    const strict = await submit(headers("creator"), { ...base, tlp: "TLP:amber+strict" });
    expect([strict.statusCode, strict.json().tlp]).toEqual([201, "AMBER+STRICT"]);
    expect(await new KnowledgeBase(db).tlpOf("BWK-2026-9")).toBe("AMBER+STRICT");
  });

  it("refuses ids in use elsewhere alike, and lets the owner replace with a newer modified", async () => {
    const kb = new KnowledgeBase(db);
    const audit = (await auditRows()).length;
    const claims: [ViewerName, string, string][] = [
      ["creator", PUBLIC_ID, org.O], // a public OSV record
      ["participantMember", idOf(1, "GREEN"), org.P], // another organisation's, visible
      ["participantMember", idOf(4, "RED"), org.P], // another organisation's, hidden
      ["creator", idOf(0, "CLEAR"), org.O], // ours, but not newer
    ];
    for (const [who, id, orgId] of claims) {
      const r = await submit(headers(who), { record: osvRecord(id, { summary: "hijack" }), tlp: "CLEAR", orgId });
      expect([r.statusCode, r.json().code], id).toEqual([409, "BULWARK_OBJECT_CONFLICT"]);
    }
    // Even with a newer modified, the answers do not tell a public record from another
    // organisation's advisory, seen or hidden.
    const messages = new Set<string>();
    for (const id of [PUBLIC_ID, idOf(1, "GREEN"), idOf(4, "RED")]) {
      const r = await submit(headers("participantMember"), {
        record: osvRecord(id, { modified: "2027-01-01T00:00:00Z" }),
        tlp: "CLEAR",
        orgId: org.P,
      });
      expect(r.statusCode).toBe(409);
      messages.add(r.json().message.replace(id, "<id>"));
    }
    expect([...messages]).toEqual(["the advisory id <id> is already in use"]);
    // Nothing of the refused claims stuck: records, labels, shares and the audit log are as they were.
    expect((await kb.getById(PUBLIC_ID))?.summary).toBe("public");
    expect((await kb.getById(idOf(4, "RED")))?.summary).toBe(`Flaw ${idOf(4, "RED")}`);
    expect(await kb.labelsOf([PUBLIC_ID, idOf(1, "GREEN")])).toEqual(
      new Map([
        [PUBLIC_ID, "CLEAR"],
        [idOf(1, "GREEN"), "GREEN"],
      ]),
    );
    expect((await one("creator", idOf(1, "GREEN"))).json().ownerOrgId).toBe(org.O);
    expect(await auditRows()).toHaveLength(audit);

    // Raising the label of a CLEAR advisory (with a newer modified) takes it from anonymous viewers and the OSV API.
    const raised = await submit(headers("creator"), {
      record: osvRecord(idOf(0, "CLEAR"), { modified: "2026-11-15T00:00:00Z" }),
      tlp: "AMBER",
      orgId: org.O,
    });
    expect([raised.statusCode, raised.json().tlp, raised.json().participantOrgIds]).toEqual([200, "AMBER", []]);
    expect((await one("anonymous", idOf(0, "CLEAR"))).statusCode).toBe(404);
    expect((await app.inject({ url: `/v1/vulns/${idOf(0, "CLEAR")}` })).statusCode).toBe(404);
    expect((await auditRows()).at(-1)).toMatchObject({ action: "advisory.update", tlp: "AMBER" });

    // Another writer of O: an analyst updates what they can see, keeping the creator; never a RED one hidden from them.
    const users = new UserRepository(db.kysely);
    const colleague = (await users.create({ email: "colleague@example.org" }, NOW)).id;
    await users.setMembership(colleague, org.O, "analyst", NOW);
    const col = bearer(await makeToken(colleague));
    const newer = (id: string) => osvRecord(id, { modified: "2026-12-01T00:00:00Z" });
    const red = await submit(col, { record: newer(idOf(4, "RED")), tlp: "RED", orgId: org.O });
    expect(red.json().code).toBe("BULWARK_OBJECT_CONFLICT");
    const amber = await submit(col, { record: newer(idOf(2, "AMBER")), tlp: "AMBER", orgId: org.O });
    expect([amber.statusCode, amber.json().createdBy]).toEqual([200, user.creator]);
    // A `member` may update only what they created.
    await users.setMembership(colleague, org.O, "member", NOW);
    const member = await submit(col, {
      record: osvRecord(idOf(2, "AMBER"), { modified: "2026-12-02T00:00:00Z" }),
      tlp: "AMBER",
      orgId: org.O,
    });
    expect(member.json().code).toBe("BULWARK_AUTH_FORBIDDEN");
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true });
  });

  it("keeps the OSV API to TLP:CLEAR: no labelled advisory in queries, batches or by id", async () => {
    const q = await app.inject({
      method: "POST",
      url: "/v1/query",
      payload: { package: { name: "bulwark-demo", ecosystem: "PyPI" }, version: "1.0" },
    });
    expect(q.json().vulns.map((v: { id: string }) => v.id)).toEqual([idOf(0, "CLEAR"), PUBLIC_ID]);
    const batch = await app.inject({
      method: "POST",
      url: "/v1/querybatch",
      headers: headers("creator"),
      payload: { queries: [{ package: { name: "bulwark-demo", ecosystem: "PyPI" } }] },
    });
    expect(batch.json().results[0].vulns.map((v: { id: string }) => v.id)).toEqual([idOf(0, "CLEAR"), PUBLIC_ID]);
    for (const id of IDS) {
      const r = await app.inject({ url: `/v1/vulns/${encodeURIComponent(id)}`, headers: headers("creator") });
      expect(r.statusCode, id).toBe(id === idOf(0, "CLEAR") ? 200 : 404);
    }
  });

  it("describes the advisory routes in the OpenAPI document", async () => {
    const doc = (await app.inject({ url: "/openapi.json" })).json();
    expect(doc.paths["/api/v1/advisories"].post.tags).toEqual(["advisories"]);
    expect(Object.keys(doc.paths)).toContain("/api/v1/advisories/{id}");
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain("advisories");
    expect((await new Validator().validate(doc)).valid).toBe(true);
  });
});

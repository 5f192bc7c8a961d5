import { inflateRawSync } from "node:zlib";
import {
  effectiveTlp,
  isAtLeast,
  orgCan,
  orgCanUpdate,
  parseTlp,
  type SharedObject,
  TLP_LABELS,
  type TlpLabel,
  tlpRank,
  type Viewer,
  whyVisible,
} from "@bulwark/access";
import { isImportProblem, parseOsvJson } from "@bulwark/advisories";
import { BulwarkError } from "@bulwark/core";
import {
  appendAudit,
  countVisible,
  importIntoKnowledgeBase,
  putShare,
  type ServerDb,
  visibleObjectIds,
  visibleTo,
} from "@bulwark/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Principal, requireScope, requireUser, roleIn } from "../plugins/auth.ts";
import { PAGE_QUERY_SCHEMA, type PageQuery, pageOf } from "./paging.ts";

// Clearinghouse advisories: OSV records an organisation submits under a TLP label (an embargoed
// vendor advisory). The record goes into the knowledge base with its label on `kb_advisories.tlp`
// (so the public OSV API, which serves CLEAR only, never shows it otherwise) and its share in
// `shares`; every list, count and read below goes through the shares filter (`visibleTo`).
// Public imported advisories have no share and are not listed here: the OSV API serves them.

/** The `shares.object_type` of clearinghouse advisories. */
export const ADVISORY_OBJECT_TYPE = "advisory";

/** The knowledge-base source submissions are recorded under (never a full export: nothing is removed). */
export const CLEARINGHOUSE_SOURCE = "clearinghouse";

/** Reads at or above this label are written to the audit log. */
const AUDITED_FROM: TlpLabel = "AMBER";

type Db = ServerDb["kysely"];

interface SubmitBody {
  record: Record<string, unknown>;
  tlp: string;
  orgId: string;
  participantOrgIds?: string[];
  participantUserIds?: string[];
}

/** One advisory as a list shows it. */
interface AdvisoryItem {
  id: string;
  summary?: string;
  tlp: TlpLabel;
  ownerOrgId: string;
  modified: string;
}

const ID_LIST = { type: "array", maxItems: 200, uniqueItems: true, items: { type: "string", minLength: 1 } } as const;

const ADVISORY_ITEM_SCHEMA = {
  $id: "AdvisoryItem",
  type: "object",
  required: ["id", "tlp", "ownerOrgId", "modified"],
  properties: {
    id: { type: "string" },
    summary: { type: "string" },
    tlp: { type: "string", enum: [...TLP_LABELS] },
    ownerOrgId: { type: "string" },
    modified: { type: "string" },
  },
} as const;

const SUBMITTED_SCHEMA = {
  type: "object",
  required: ["id", "tlp", "ownerOrgId", "modified", "participantOrgIds", "participantUserIds"],
  properties: {
    ...ADVISORY_ITEM_SCHEMA.properties,
    createdBy: { type: "string" },
    participantOrgIds: { type: "array", items: { type: "string" } },
    participantUserIds: { type: "array", items: { type: "string" } },
  },
} as const;

/** A token must carry `read` (sessions have every scope); anonymous callers see TLP:CLEAR only. */
function requireReadScopeIfSignedIn(request: FastifyRequest): void {
  if (request.principal.userId !== undefined) requireScope(request, "read");
}

/** Ids of the advisories the viewer may see: the policy's filter as a subquery for the queries below. */
function visibleIds(k: Db, viewer: Viewer) {
  return k
    .selectFrom("shares")
    .select("shares.object_id")
    .where("shares.object_type", "=", ADVISORY_OBJECT_TYPE)
    .where(visibleTo(viewer));
}

/** An advisory's participating organisations and named users, in id order. */
async function participantsOf(k: Db, id: string): Promise<{ orgIds: string[]; userIds: string[] }> {
  const key = (t: "share_orgs" | "share_users") =>
    k.selectFrom(t).where(`${t}.object_type`, "=", ADVISORY_OBJECT_TYPE).where(`${t}.object_id`, "=", id);
  const orgs = await key("share_orgs").select("org_id").orderBy("org_id").execute();
  const users = await key("share_users").select("user_id").orderBy("user_id").execute();
  return { orgIds: orgs.map((r) => r.org_id), userIds: users.map((r) => r.user_id) };
}

/**
 * The list rows of these ids. The visibility filter is applied again in this statement, so a
 * label raised between the id query and this one hides the row instead of showing its new content.
 */
async function itemsOf(k: Db, viewer: Viewer, ids: readonly string[]): Promise<AdvisoryItem[]> {
  if (ids.length === 0) return [];
  const rows = await k
    .selectFrom("shares as s")
    .innerJoin("kb_advisories as a", "a.id", "s.object_id")
    .select(["s.object_id", "s.tlp", "s.owner_org_id", "a.summary", "a.modified"])
    .where("s.object_type", "=", ADVISORY_OBJECT_TYPE)
    .where("s.object_id", "in", [...ids])
    .where("s.object_id", "in", visibleIds(k, viewer))
    .orderBy("s.object_id")
    .execute();
  return rows.map((r) => ({
    id: r.object_id,
    ...(r.summary !== null && { summary: r.summary }),
    tlp: effectiveTlp(r.tlp),
    ownerOrgId: r.owner_org_id,
    modified: r.modified,
  }));
}

/**
 * The organisation an audited read is attributed to. A token made for an organisation acts for
 * it; otherwise the membership the access came through (the owner organisation, else the first
 * participating organisation in id order); otherwise the viewer's first membership in id order
 * (a named person or creator outside the sharing organisations, or a list page, which has no
 * single object); none for a viewer without memberships (a coordinator). The deciding
 * relationship goes into the entry's details too.
 */
export function actorOrgOf(principal: Principal, object?: SharedObject): string | undefined {
  if (principal.tokenOrgId !== undefined) return principal.tokenOrgId;
  const v = principal.viewer;
  if (v.kind !== "user") return undefined;
  const mine = v.memberships.map((m) => m.orgId).sort();
  if (object === undefined) return mine[0];
  if (mine.includes(object.ownerOrgId)) return object.ownerOrgId;
  return [...object.participantOrgIds].sort().find((o) => mine.includes(o)) ?? mine[0];
}

/** BULWARK_REQUEST_INVALID unless every participant organisation and user exists. */
async function requireParticipantsExist(k: Db, orgIds: readonly string[], userIds: readonly string[]): Promise<void> {
  const orgs =
    orgIds.length === 0 ? [] : await k.selectFrom("organisations").select("id").where("id", "in", orgIds).execute();
  const users =
    userIds.length === 0 ? [] : await k.selectFrom("users").select("id").where("id", "in", userIds).execute();
  const unknownOrgIds = orgIds.filter((id) => !orgs.some((o) => o.id === id));
  const unknownUserIds = userIds.filter((id) => !users.some((u) => u.id === id));
  if (unknownOrgIds.length > 0 || unknownUserIds.length > 0) {
    // A typo would otherwise share with nobody and look like a working share.
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "unknown participant organisations or users", {
      details: { unknownOrgIds, unknownUserIds },
    });
  }
}

const taken = (id: string) =>
  new BulwarkError("BULWARK_OBJECT_CONFLICT", `the advisory id ${id} is already in use`, {
    hint: "Advisory ids are one namespace with the public OSV corpus; submit under an id of your own.",
  });

/** Sensitive responses must not sit in shared caches. */
function noStore(reply: FastifyReply): void {
  void reply.header("cache-control", "no-store");
}

/** `/api/v1/advisories`: clearinghouse advisories under TLP labels, listed and read through the shares filter. */
export function registerAdvisoryRoutes(app: FastifyInstance, db: ServerDb, clock: () => Date): void {
  const k = db.kysely;
  app.addSchema(ADVISORY_ITEM_SCHEMA);

  app.post<{ Body: SubmitBody }>(
    "/api/v1/advisories",
    {
      schema: {
        tags: ["advisories"],
        summary:
          "Submit an OSV record for an organisation under a TLP label (a resubmission with a newer modified replaces it)",
        body: {
          type: "object",
          required: ["record", "tlp", "orgId"],
          additionalProperties: false,
          properties: {
            record: { type: "object", additionalProperties: true, description: "An OSV record" },
            tlp: { type: "string", description: "CLEAR, GREEN, AMBER, AMBER+STRICT or RED (TLP: prefix allowed)" },
            orgId: { type: "string", minLength: 1, description: "The owner organisation; you must be a writer in it" },
            participantOrgIds: ID_LIST,
            participantUserIds: ID_LIST,
          },
        },
        response: { 200: SUBMITTED_SCHEMA, 201: SUBMITTED_SCHEMA },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request);
      requireScope(request, "write");
      const { orgId } = request.body;
      const tlp = parseTlp(request.body.tlp);
      if (tlp === undefined) {
        throw new BulwarkError("BULWARK_REQUEST_INVALID", `not a TLP 2.0 label: ${JSON.stringify(request.body.tlp)}`, {
          hint: `Give one of ${TLP_LABELS.join(", ")}.`,
        });
      }
      const tokenOrg = request.principal.tokenOrgId;
      if (tokenOrg !== undefined && tokenOrg !== orgId) {
        throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", "this API token acts for another organisation");
      }
      const role = roleIn(request, orgId);
      if (role === undefined || !orgCan(role, "write")) {
        throw new BulwarkError(
          "BULWARK_AUTH_FORBIDDEN",
          "you may submit advisories only for an organisation you write for",
        );
      }
      const parsed = parseOsvJson(JSON.stringify(request.body.record), "the submitted record");
      if (isImportProblem(parsed)) {
        throw new BulwarkError("BULWARK_REQUEST_INVALID", `the OSV record is not valid: ${parsed.reason}`, {
          details: { problem: parsed.reason },
        });
      }
      const participantOrgIds = [...new Set(request.body.participantOrgIds ?? [])].sort();
      const participantUserIds = [...new Set(request.body.participantUserIds ?? [])].sort();
      await requireParticipantsExist(k, participantOrgIds, participantUserIds);
      const id = parsed.id;
      const now = clock();

      const result = await k.transaction().execute(async (trx) => {
        // The import comes first: on PostgreSQL it locks kb_advisories, so the checks below see the
        // last committed submission and two organisations cannot both claim one id.
        const summary = await importIntoKnowledgeBase(
          db,
          { osv: [{ source: CLEARINGHOUSE_SOURCE, location: CLEARINGHOUSE_SOURCE, full: false, records: [parsed] }] },
          now,
          { transaction: trx, labels: new Map([[id, tlp]]) },
        );
        const outcome = summary.sources[0];
        const prior = await trx
          .selectFrom("shares as s")
          .select(["s.owner_org_id", "s.created_by"])
          .where("s.object_type", "=", ADVISORY_OBJECT_TYPE)
          .where("s.object_id", "=", id)
          .where("s.object_id", "in", visibleIds(trx, request.principal.viewer))
          .executeTakeFirst();
        if (prior === undefined) {
          // A public record, another organisation's advisory, or one of ours the caller may not see:
          // all answer alike, so the conflict says nothing about whose it is. Throwing rolls back the import.
          if (outcome?.added !== 1) throw taken(id);
        } else {
          if (prior.owner_org_id !== orgId) throw taken(id);
          if (!orgCanUpdate(role, { isCreator: prior.created_by === userId })) {
            throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", "your role may update only advisories you created");
          }
          if (outcome?.updated !== 1) {
            throw new BulwarkError(
              "BULWARK_OBJECT_CONFLICT",
              `advisory ${id} is stored with the same or a newer modified`,
              {
                hint: "Raise the record's modified to replace it (relabelling included).",
              },
            );
          }
        }
        // The creator keeps seeing what they created, whoever resubmits it.
        const createdBy = prior?.created_by ?? userId;
        await putShare(
          trx,
          {
            objectType: ADVISORY_OBJECT_TYPE,
            objectId: id,
            tlp,
            ownerOrgId: orgId,
            createdBy,
            participantOrgIds,
            participantUserIds,
          },
          now,
        );
        await appendAudit(trx, {
          at: now.toISOString(),
          action: prior === undefined ? "advisory.create" : "advisory.update",
          actorUserId: userId,
          actorOrgId: orgId,
          requestId: request.id,
          objectType: ADVISORY_OBJECT_TYPE,
          objectId: id,
          tlp,
          // Ids and dates only: the audit log's readers need not be cleared for the content.
          details: { modified: parsed.modified, participantOrgIds, participantUserIds },
        });
        return { created: prior === undefined, createdBy };
      });
      const summary = parsed.record.summary;
      return reply.status(result.created ? 201 : 200).send({
        id,
        ...(typeof summary === "string" && { summary }),
        tlp,
        ownerOrgId: orgId,
        modified: parsed.modified,
        createdBy: result.createdBy,
        participantOrgIds,
        participantUserIds,
      });
    },
  );

  app.get<{ Querystring: PageQuery }>(
    "/api/v1/advisories",
    {
      schema: {
        tags: ["advisories"],
        summary: "Clearinghouse advisories you may see, in id order, with their total (public OSV records are at /v1)",
        querystring: PAGE_QUERY_SCHEMA,
        response: {
          200: {
            type: "object",
            required: ["items", "total"],
            properties: {
              items: { type: "array", items: { $ref: "AdvisoryItem#" } },
              total: { type: "integer", description: "How many you may see in all" },
              nextCursor: { type: "string" },
            },
          },
        },
      },
    },
    async (request, reply) => {
      requireReadScopeIfSignedIn(request);
      const viewer = request.principal.viewer;
      const page = await pageOf<AdvisoryItem>(
        request.query,
        async (after, limit) =>
          itemsOf(
            k,
            viewer,
            await visibleObjectIds(k, viewer, ADVISORY_OBJECT_TYPE, { limit, ...(after !== undefined && { after }) }),
          ),
        (item) => item.id,
      );
      const total = await countVisible(k, viewer, ADVISORY_OBJECT_TYPE);
      // Summaries are content: a page showing AMBER or stricter advisories is an audited read.
      const sensitive = page.items.filter((i) => isAtLeast(i.tlp, AUDITED_FROM));
      if (sensitive.length > 0) {
        const strictest = sensitive.reduce((a, i) => (tlpRank(i.tlp) > tlpRank(a) ? i.tlp : a), AUDITED_FROM);
        const actorOrgId = actorOrgOf(request.principal);
        await k.transaction().execute((trx) =>
          appendAudit(trx, {
            at: clock().toISOString(),
            action: "advisory.list",
            ...(request.principal.userId !== undefined && { actorUserId: request.principal.userId }),
            ...(actorOrgId !== undefined && { actorOrgId }),
            requestId: request.id,
            objectType: ADVISORY_OBJECT_TYPE,
            tlp: strictest,
            details: { ids: sensitive.map((i) => i.id) },
          }),
        );
      }
      noStore(reply);
      return { items: page.items, total, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/v1/advisories/:id",
    {
      schema: {
        tags: ["advisories"],
        summary: "One clearinghouse advisory with its label and participants; reads of AMBER and stricter are audited",
        params: {
          type: "object",
          required: ["id"],
          properties: { id: { type: "string", minLength: 1, maxLength: 256 } },
        },
        response: {
          200: {
            type: "object",
            required: ["record", "tlp", "ownerOrgId", "participantOrgIds", "participantUserIds"],
            properties: {
              record: { type: "object", additionalProperties: true },
              tlp: { type: "string", enum: [...TLP_LABELS] },
              ownerOrgId: { type: "string" },
              participantOrgIds: { type: "array", items: { type: "string" } },
              participantUserIds: { type: "array", items: { type: "string" } },
            },
          },
        },
      },
    },
    async (request, reply) => {
      requireReadScopeIfSignedIn(request);
      const { id } = request.params;
      const viewer = request.principal.viewer;
      // Label, owner and record in one statement, filtered by the policy: what is shown is what was checked.
      const row = await k
        .selectFrom("shares as s")
        .innerJoin("kb_advisories as a", "a.id", "s.object_id")
        .select(["s.tlp", "s.owner_org_id", "s.created_by", "a.record"])
        .where("s.object_type", "=", ADVISORY_OBJECT_TYPE)
        .where("s.object_id", "=", id)
        .where("s.object_id", "in", visibleIds(k, viewer))
        .executeTakeFirst();
      // Not visible and missing look the same, so ids cannot be probed.
      if (row === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no advisory ${id}`);
      const tlp = effectiveTlp(row.tlp);
      const participants = await participantsOf(k, id);
      const body = {
        record: JSON.parse(inflateRawSync(row.record).toString("utf8")) as Record<string, unknown>,
        tlp,
        ownerOrgId: row.owner_org_id,
        participantOrgIds: participants.orgIds,
        participantUserIds: participants.userIds,
      };
      if (isAtLeast(tlp, AUDITED_FROM)) {
        const object: SharedObject = {
          tlp,
          ownerOrgId: row.owner_org_id,
          ...(row.created_by !== null && { createdBy: row.created_by }),
          participantOrgIds: participants.orgIds,
          participantUserIds: participants.userIds,
        };
        const actorOrgId = actorOrgOf(request.principal, object);
        // Appended before the answer is sent: if the entry cannot be written, the content is not served.
        await k.transaction().execute((trx) =>
          appendAudit(trx, {
            at: clock().toISOString(),
            action: "advisory.read",
            ...(request.principal.userId !== undefined && { actorUserId: request.principal.userId }),
            ...(actorOrgId !== undefined && { actorOrgId }),
            requestId: request.id,
            objectType: ADVISORY_OBJECT_TYPE,
            objectId: id,
            tlp,
            details: { reason: whyVisible(viewer, object).reason },
          }),
        );
      }
      noStore(reply);
      return body;
    },
  );
}

import { OPERATOR_SECTORS, ORG_KINDS, parseOperatorSector, parseOrgKind } from "@bulwark/access";
import { BulwarkError } from "@bulwark/core";
import { appendAudit, type Organisation, OrganisationRepository, type ServerDb } from "@bulwark/db";
import type { FastifyInstance } from "fastify";
import { requirePlatformRole, requireScope, requireUser } from "../plugins/auth.ts";
import { PAGE_QUERY_SCHEMA, type PageQuery, pageOf, withEtag } from "./paging.ts";

const ORG_SCHEMA = {
  $id: "Organisation",
  type: "object",
  required: ["id", "name", "kind", "createdAt"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    kind: { type: "string", enum: [...ORG_KINDS] },
    sector: { type: "string", enum: [...OPERATOR_SECTORS] },
    createdAt: { type: "string", format: "date-time" },
  },
} as const;

/** `/api/v1/orgs`: organisations. Platform admins and coordinators create them; members see their own. */
export function registerOrgRoutes(app: FastifyInstance, db: ServerDb, clock: () => Date): void {
  const orgs = new OrganisationRepository(db.kysely);

  app.post<{ Body: { name: string; kind: string; sector?: string } }>(
    "/api/v1/orgs",
    {
      schema: {
        tags: ["organisations"],
        summary: "Create an organisation (platform admin or coordinator)",
        body: {
          type: "object",
          required: ["name", "kind"],
          additionalProperties: false,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200 },
            kind: { type: "string", enum: [...ORG_KINDS] },
            sector: { type: "string", enum: [...OPERATOR_SECTORS] },
          },
        },
        response: { 201: { $ref: "Organisation#" } },
      },
    },
    async (request, reply) => {
      requireScope(request, "admin");
      const v = request.principal.viewer;
      if (!(v.kind === "user" && v.platformRoles.includes("coordinator"))) requirePlatformRole(request, "admin");
      const kind = parseOrgKind(request.body.kind);
      const sector = request.body.sector === undefined ? undefined : parseOperatorSector(request.body.sector);
      if (kind === undefined) throw new BulwarkError("BULWARK_REQUEST_INVALID", "unknown organisation kind");
      if (kind === "operator" && sector === undefined) {
        throw new BulwarkError("BULWARK_REQUEST_INVALID", "an operator organisation needs a sector", {
          hint: `Give sector: one of ${OPERATOR_SECTORS.join(", ")}.`,
        });
      }
      if (kind !== "operator" && sector !== undefined) {
        throw new BulwarkError("BULWARK_REQUEST_INVALID", "only operator organisations have a sector");
      }
      const now = clock();
      const created = await db.kysely.transaction().execute(async (trx) => {
        const org = await new OrganisationRepository(trx).create(
          { name: request.body.name, kind, ...(sector !== undefined && { sector }) },
          now,
        );
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "org.create",
          actorUserId: request.principal.userId as string,
          requestId: request.id,
          objectType: "organisation",
          objectId: org.id,
          details: { name: org.name, kind: org.kind, ...(org.sector !== undefined && { sector: org.sector }) },
        });
        return org;
      });
      return reply.status(201).send(created);
    },
  );

  app.get<{ Querystring: PageQuery }>(
    "/api/v1/orgs",
    {
      schema: {
        tags: ["organisations"],
        summary: "Organisations you belong to (all of them for platform admins and coordinators)",
        querystring: PAGE_QUERY_SCHEMA,
        response: {
          200: {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { $ref: "Organisation#" } }, nextCursor: { type: "string" } },
          },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const v = request.principal.viewer;
      const seesAll =
        v.kind === "user" && (v.platformRoles.includes("admin") || v.platformRoles.includes("coordinator"));
      const ids = seesAll || v.kind !== "user" ? undefined : v.memberships.map((m) => m.orgId);
      const page = await pageOf<Organisation>(
        request.query,
        (after, limit) =>
          orgs.list({ limit, ...(after !== undefined && { after }), ...(ids !== undefined && { ids }) }),
        (o) => o.name,
      );
      return withEtag(request, reply, page);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/v1/orgs/:id",
    {
      schema: {
        tags: ["organisations"],
        summary: "One organisation",
        params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        response: { 200: { $ref: "Organisation#" } },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const v = request.principal.viewer;
      const org = await orgs.byId(request.params.id);
      const visible =
        org !== undefined &&
        v.kind === "user" &&
        (v.platformRoles.includes("admin") ||
          v.platformRoles.includes("coordinator") ||
          v.memberships.some((m) => m.orgId === org.id));
      // Not visible and missing look the same, so ids cannot be probed.
      if (!visible) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no organisation ${request.params.id}`);
      return withEtag(request, reply, org);
    },
  );

  app.addSchema(ORG_SCHEMA);
}

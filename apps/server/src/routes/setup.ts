import { KnowledgeBase, type ServerDb } from "@bulwark/db";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { demoOrg } from "../demo/seed.ts";
import { requireScope } from "../plugins/auth.ts";
import { withEtag } from "./paging.ts";

const SETUP_SCHEMA = {
  $id: "SetupStatus",
  type: "object",
  required: ["advisories", "organisations", "assets", "demo", "canSeed"],
  properties: {
    advisories: { type: "integer", minimum: 0, description: "Advisories in the knowledge base" },
    organisations: { type: "integer", minimum: 0 },
    assets: { type: "integer", minimum: 0 },
    demo: {
      type: "object",
      required: ["seeded"],
      properties: {
        seeded: { type: "boolean", description: "The demo organisation exists (POST /api/v1/demo/seed)" },
        orgId: { type: "string" },
      },
    },
    canSeed: { type: "boolean", description: "The caller may load the demo: a platform admin (with the admin scope)" },
  },
} as const;

/** Whether the caller may load the demo: a platform admin, through a session or a token with the admin scope. */
export function maySeedDemo(request: FastifyRequest): boolean {
  const { viewer, scopes } = request.principal;
  const scoped = scopes === undefined || scopes.includes("admin") || scopes.includes("*");
  return viewer.kind === "user" && viewer.platformRoles.includes("admin") && scoped;
}

async function countOf(db: ServerDb, table: "organisations" | "assets"): Promise<number> {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** `GET /api/v1/setup`: what the console's first-run screen needs to know (any signed-in user). */
export function registerSetupRoutes(app: FastifyInstance, db: ServerDb): void {
  app.addSchema(SETUP_SCHEMA);
  const kb = new KnowledgeBase(db);
  app.get(
    "/api/v1/setup",
    {
      schema: {
        tags: ["setup"],
        summary:
          "How far the server is set up: advisories, organisations, assets, the demo, and whether you may load it",
        response: { 200: { $ref: "SetupStatus#" } },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const demo = await demoOrg(db);
      return withEtag(request, reply, {
        advisories: await kb.count(),
        organisations: await countOf(db, "organisations"),
        assets: await countOf(db, "assets"),
        demo: { seeded: demo !== undefined, ...(demo !== undefined && { orgId: demo.id }) },
        canSeed: maySeedDemo(request),
      });
    },
  );
}

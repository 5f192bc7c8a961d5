import { BulwarkError } from "@bulwark/core";
import type { ServerDb } from "@bulwark/db";
import type { FastifyInstance } from "fastify";
import { seedDemo } from "../demo/seed.ts";
import type { SharedKnowledge } from "../monitor/shared-knowledge.ts";
import { requirePlatformRole, requireScope, requireUser } from "../plugins/auth.ts";

const RESULT_SCHEMA = {
  $id: "DemoSeedResult",
  type: "object",
  required: ["orgId", "advisories", "assets"],
  properties: {
    orgId: { type: "string", description: "The demo organisation, Riverside Community Hospital" },
    advisories: { type: "integer", minimum: 0, description: "Advisories in the knowledge base afterwards" },
    assets: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "name", "components", "alerts"],
        properties: {
          id: { type: "string" },
          name: { type: "string" },
          components: { type: "integer", minimum: 0, description: "Components of its current inventory" },
          alerts: { type: "integer", minimum: 0, description: "Its active alerts" },
        },
      },
    },
  },
} as const;

/**
 * `POST /api/v1/demo/seed`: load the demo (platform admins): the bundled advisories, the operator
 * organisation Riverside Community Hospital with three assets whose real SBOMs are uploaded and
 * matched, and the caller as an owner of it. Idempotent: 201 when it changed something, 200 when
 * everything was already there.
 */
export function registerDemoRoutes(
  app: FastifyInstance,
  db: ServerDb,
  clock: () => Date,
  opts: { fixturesDir?: string; sharedKnowledge?: SharedKnowledge } = {},
): void {
  app.addSchema(RESULT_SCHEMA);
  app.post(
    "/api/v1/demo/seed",
    {
      schema: {
        tags: ["setup"],
        summary:
          "Load the demo: bundled advisories, an operator organisation and three assets with real SBOMs and alerts (platform admin)",
        description:
          "Takes no body (or {}). Imports the advisories bundled in fixtures/ unless the knowledge base already has those sources, creates Riverside Community Hospital (healthcare) and its assets, uploads each asset's SBOM as an operator's upload would be matched, and makes you an owner of the organisation. A second call changes nothing and answers 200.",
        response: { 200: { $ref: "DemoSeedResult#" }, 201: { $ref: "DemoSeedResult#" } },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request);
      requireScope(request, "admin");
      requirePlatformRole(request, "admin");
      const body = request.body;
      if (body !== undefined && body !== null && (typeof body !== "object" || Object.keys(body).length > 0)) {
        throw new BulwarkError("BULWARK_REQUEST_INVALID", "the demo seed takes no options: send no body or {}");
      }
      if (opts.fixturesDir === undefined) {
        throw new BulwarkError("BULWARK_DEMO_UNAVAILABLE", "the server has no fixtures folder to load the demo from");
      }
      const result = await seedDemo(db, {
        fixturesDir: opts.fixturesDir,
        clock,
        ownerUserIds: [userId],
        actor: { userId, requestId: request.id },
        ...(opts.sharedKnowledge !== undefined && { sharedKnowledge: opts.sharedKnowledge }),
      });
      return reply
        .status(result.changed ? 201 : 200)
        .send({ orgId: result.orgId, advisories: result.advisories, assets: result.assets });
    },
  );
}

import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { ERROR_BODY_SCHEMA } from "./errors.ts";

/**
 * OpenAPI 3.1 generated from the route schemas at `/openapi.json`, interactive docs at `/docs`.
 * Registered before the routes so it sees every one of them.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  app.addSchema(ERROR_BODY_SCHEMA);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Bulwark clearinghouse API",
        version,
        description:
          "The OSV-compatible advisory API (/v1) and the clearinghouse REST API (/api/v1). Errors are {code, message, details}; codes are listed in docs/errors.md.",
      },
      components: {
        securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token (bwk_…)" } },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: "osv", description: "osv.dev-compatible advisory queries (public for TLP:CLEAR)" },
        { name: "identity" },
        { name: "organisations" },
        { name: "tokens" },
        {
          name: "advisories",
          description: "Clearinghouse advisories under TLP labels; lists, totals and reads apply the access policy",
        },
        {
          name: "assets",
          description:
            "Operators' assets and their inventory uploads (history and diffs); members of the organisation only",
        },
        {
          name: "alerts",
          description:
            "Operators' alerts: a vulnerability group in a component of an asset, with SSVC, BOD 26-04 due date and status history",
        },
        {
          name: "webhooks",
          description: "An organisation's signed webhook endpoints (Standard Webhooks); owners and admins only",
        },
        {
          name: "notifications",
          description: "Your in-app inbox and how your notifications are e-mailed (immediate, daily digest or off)",
        },
        { name: "setup", description: "First run: what the server holds, and loading the demo" },
        { name: "operations", description: "Health, readiness and metrics" },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) ?? `def-${i}` },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}

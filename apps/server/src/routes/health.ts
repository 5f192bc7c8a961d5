import type { ServerDb } from "@bulwark/db";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";

/** `/healthz`: the process is up. `/readyz`: it can reach its database (what a load balancer asks). */
export function registerHealthRoutes(app: FastifyInstance, db: ServerDb): void {
  const status = { type: "object", properties: { status: { type: "string" } } } as const;
  app.get(
    "/healthz",
    { schema: { tags: ["operations"], summary: "Liveness", response: { 200: status } } },
    async () => ({
      status: "ok",
    }),
  );
  app.get(
    "/readyz",
    {
      schema: {
        tags: ["operations"],
        summary: "Readiness: the database answers",
        response: { 200: status, 503: status },
      },
    },
    async (request, reply) => {
      try {
        await sql`SELECT 1`.execute(db.kysely);
        return { status: "ready" };
      } catch (e) {
        request.log.warn({ err: e }, "database not reachable");
        return reply.status(503).send({ status: "database unreachable" });
      }
    },
  );
}

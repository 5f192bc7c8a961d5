import { BulwarkError } from "@bulwark/core";
import { SECTOR_ALERT_STATUSES, type ServerDb, sectorReport } from "@bulwark/db";
import type { FastifyInstance } from "fastify";
import { requireScope, requireUser } from "../plugins/auth.ts";
import { BULLETIN_PUBLISHERS } from "./bulletins.ts";

const INT = { type: "integer" } as const;

const AFFECTED_SCHEMA = {
  type: "object",
  required: ["affected", "acknowledged", "remediated", "overdue"],
  properties: { affected: INT, acknowledged: INT, remediated: INT, overdue: INT },
} as const;

const SECTOR_SCHEMA = {
  $id: "SectorStats",
  type: "object",
  required: ["sector", "operators", "assets", "alerts", "medianDaysToRemediate"],
  properties: {
    sector: { type: "string" },
    operators: { ...AFFECTED_SCHEMA, description: "Operator organisations with alerts" },
    assets: { ...AFFECTED_SCHEMA, description: "Their assets with alerts" },
    alerts: {
      type: "object",
      required: [...SECTOR_ALERT_STATUSES, "total", "overdue"],
      properties: Object.fromEntries([...SECTOR_ALERT_STATUSES, "total", "overdue"].map((s) => [s, INT])),
    },
    medianDaysToRemediate: {
      type: ["number", "null"],
      description: "Median of resolved − first detected over remediated alerts, in days",
    },
    bulletin: {
      type: "object",
      description: "The vulnerability's bulletin: deliveries by current status",
      required: ["delivered", "viewed", "acknowledged", "applied", "total"],
      properties: { delivered: INT, viewed: INT, acknowledged: INT, applied: INT, total: INT },
    },
  },
} as const;

/**
 * `GET /api/v1/reports/sectors`: the coordinator's view of one vulnerability group (`?vuln=`) or of
 * every alert, per critical-infrastructure sector. Coordinators and platform admins only.
 */
export function registerSectorRoutes(app: FastifyInstance, db: ServerDb, clock: () => Date): void {
  app.addSchema(SECTOR_SCHEMA);
  app.get<{ Querystring: { vuln?: string } }>(
    "/api/v1/reports/sectors",
    {
      schema: {
        tags: ["reports"],
        summary:
          "Per sector: operators and assets affected, acknowledged, remediated, overdue; median time to remediate",
        description:
          "Withdrawn (closed) alerts are left out. An operator or asset is acknowledged when none of its alerts is still open, remediated when every alert is remediated or not affected, overdue when one is past its due date and still open, acknowledged or in progress.",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { vuln: { type: "string", minLength: 1, maxLength: 200, description: "A vulnerability group" } },
        },
        response: {
          200: {
            type: "object",
            required: ["today", "sectors", "total"],
            properties: {
              vulnId: { type: "string" },
              bulletinId: { type: "string" },
              today: { type: "string", description: "YYYY-MM-DD (UTC) overdue is judged against" },
              sectors: { type: "array", items: { $ref: "SectorStats#" } },
              total: { $ref: "SectorStats#" },
            },
          },
        },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const v = request.principal.viewer;
      if (v.kind !== "user" || !v.platformRoles.some((r) => BULLETIN_PUBLISHERS.includes(r))) {
        throw new BulwarkError(
          "BULWARK_AUTH_FORBIDDEN",
          "the sector view needs the platform role coordinator or admin",
        );
      }
      requireScope(request, "read");
      void reply.header("cache-control", "private, no-store");
      return sectorReport(db.kysely, {
        ...(request.query.vuln !== undefined && { vulnId: request.query.vuln }),
        today: clock().toISOString().slice(0, 10),
      });
    },
  );
}

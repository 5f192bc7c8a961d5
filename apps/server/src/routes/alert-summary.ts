import { BulwarkError } from "@bulwark/core";
import { alertSummary, type ServerDb } from "@bulwark/db";
import type { FastifyInstance } from "fastify";
import { requireScope, roleFor } from "../plugins/auth.ts";
import { withEtag } from "./paging.ts";

const COUNT = { type: "integer", minimum: 0 } as const;
const DAY = { type: "string", format: "date" } as const;

const SUMMARY_SCHEMA = {
  $id: "AlertSummary",
  type: "object",
  required: [
    "orgId",
    "today",
    "active",
    "overdue",
    "dueWithin7Days",
    "byStatus",
    "byDecision",
    "bySeverity",
    "byAsset",
    "series",
  ],
  properties: {
    orgId: { type: "string" },
    today: { ...DAY, description: "The day the numbers are for (UTC)" },
    active: { ...COUNT, description: "Open, acknowledged or in progress" },
    overdue: { ...COUNT, description: "Active and past their due date" },
    dueWithin7Days: { ...COUNT, description: "Active, not overdue, due within seven days" },
    byStatus: {
      description: "Every status (zeros included), all alerts",
      type: "array",
      items: {
        type: "object",
        required: ["status", "count"],
        properties: { status: { type: "string" }, count: COUNT },
      },
    },
    byDecision: {
      description: "Active alerts by SSVC decision: Act, Attend, Track*, Track, unknown (no SSVC)",
      type: "array",
      items: {
        type: "object",
        required: ["decision", "count"],
        properties: { decision: { type: "string" }, count: COUNT },
      },
    },
    bySeverity: {
      description: "Active alerts by severity: critical, high, medium, low, unknown",
      type: "array",
      items: {
        type: "object",
        required: ["level", "count"],
        properties: { level: { type: "string" }, count: COUNT },
      },
    },
    byAsset: {
      description: "Assets with active alerts, most first",
      type: "array",
      items: {
        type: "object",
        required: ["assetId", "name", "active", "overdue"],
        properties: { assetId: { type: "string" }, name: { type: "string" }, active: COUNT, overdue: COUNT },
      },
    },
    series: {
      description:
        "The last 90 days including today, oldest first: alerts first detected (opened) and resolved that day, and active at its end",
      type: "array",
      items: {
        type: "object",
        required: ["date", "opened", "resolved", "active"],
        properties: { date: DAY, opened: COUNT, resolved: COUNT, active: COUNT },
      },
    },
  },
} as const;

/** Days in {@link SUMMARY_SCHEMA}'s series. */
export const SUMMARY_DAYS = 90;

/** `GET /api/v1/alerts/summary`: an organisation's alert numbers for a dashboard (members of it). */
export function registerAlertSummaryRoutes(app: FastifyInstance, db: ServerDb, clock: () => Date): void {
  app.addSchema(SUMMARY_SCHEMA);
  app.get<{ Querystring: { orgId: string } }>(
    "/api/v1/alerts/summary",
    {
      schema: {
        tags: ["alerts"],
        summary:
          "An organisation's alerts in numbers: totals, by status, decision, severity and asset, and 90 days of history (members of it)",
        querystring: {
          type: "object",
          required: ["orgId"],
          additionalProperties: false,
          properties: { orgId: { type: "string", minLength: 1 } },
        },
        response: { 200: { $ref: "AlertSummary#" } },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const { orgId } = request.query;
      if (roleFor(request, orgId) === undefined) {
        throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no organisation ${orgId}`);
      }
      const today = clock().toISOString().slice(0, 10);
      return withEtag(request, reply, await alertSummary(db.kysely, orgId, today, SUMMARY_DAYS));
    },
  );
}

import { type OrgRole, orgCan } from "@bulwark/access";
import { BulwarkError, VEX_JUSTIFICATIONS } from "@bulwark/core";
import {
  ALERT_STATUSES,
  type Alert,
  type AlertEvent,
  AlertRepository,
  type AlertStatus,
  AssetRepository,
  appendAudit,
  type ServerDb,
} from "@bulwark/db";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireScope, requireUser, roleFor } from "../plugins/auth.ts";
import { PAGE_QUERY_SCHEMA, type PageQuery, pageOf, withEtag } from "./paging.ts";

const JSON_OBJECT = { type: "object", additionalProperties: true } as const;

const ALERT_SCHEMA = {
  $id: "Alert",
  type: "object",
  required: [
    "id",
    "orgId",
    "asset",
    "package",
    "vulnerability",
    "severity",
    "kev",
    "epss",
    "ssvc",
    "timeline",
    "firstDetectedAt",
    "clockStart",
    "dueAt",
    "overdue",
    "fixedVersions",
    "status",
    "createdAt",
    "updatedAt",
  ],
  properties: {
    id: { type: "string" },
    orgId: { type: "string" },
    asset: {
      type: "object",
      required: ["id", "name"],
      properties: { id: { type: "string" }, name: { type: "string" } },
    },
    package: {
      type: "object",
      required: ["ecosystem", "name", "version"],
      properties: {
        ecosystem: { type: "string" },
        name: { type: "string" },
        version: { type: "string" },
        purl: { type: "string" },
      },
    },
    vulnerability: {
      type: "object",
      required: ["id", "ids", "aliases"],
      properties: {
        id: { type: "string" },
        ids: { type: "array", items: { type: "string" } },
        aliases: { type: "array", items: { type: "string" } },
        summary: { type: "string" },
      },
    },
    severity: {
      type: "object",
      required: ["level"],
      properties: { level: { type: "string" }, score: { type: "number" }, vector: { type: "string" } },
    },
    kev: {
      anyOf: [
        {
          type: "object",
          description: "The CVE's CISA KEV entry",
          required: ["cve", "dateAdded"],
          additionalProperties: true,
          properties: {
            cve: { type: "string" },
            dateAdded: { type: "string", format: "date" },
            dueDate: { type: "string", format: "date", description: "CISA's due date for federal agencies" },
            knownRansomwareCampaignUse: { type: "string" },
            requiredAction: { type: "string" },
          },
        },
        { type: "null" },
      ],
    },
    epss: {
      anyOf: [
        {
          type: "object",
          description: "FIRST EPSS: the probability of exploitation in the next 30 days",
          required: ["cve", "probability", "percentile"],
          additionalProperties: true,
          properties: {
            cve: { type: "string" },
            probability: { type: "number" },
            percentile: { type: "number" },
            date: { type: "string" },
          },
        },
        { type: "null" },
      ],
    },
    ssvc: {
      anyOf: [
        {
          type: "object",
          description: "CISA SSVC: the decision and the decision points it came from",
          required: ["decision"],
          additionalProperties: true,
          properties: {
            decision: { type: "string", enum: ["Track", "Track*", "Attend", "Act"] },
            exploitation: { type: "string", enum: ["none", "public-poc", "active"] },
            automatable: { type: "string", enum: ["no", "yes"] },
            technicalImpact: { type: "string", enum: ["partial", "total"] },
            missionWellbeing: { type: "string", enum: ["low", "medium", "high"] },
          },
        },
        { type: "null" },
      ],
    },
    timeline: {
      anyOf: [
        {
          type: "object",
          description: "The remediation timeline (CISA BOD 26-04 by default)",
          required: ["policy", "label"],
          additionalProperties: true,
          properties: {
            policy: { type: "string" },
            label: { type: "string" },
            days: { type: "number" },
            dueDate: { type: "string" },
          },
        },
        { type: "null" },
      ],
    },
    priority: { type: "number" },
    firstDetectedAt: { type: "string", format: "date-time" },
    clockStart: { type: "string", format: "date" },
    dueAt: { anyOf: [{ type: "string", format: "date" }, { type: "null" }] },
    overdue: { type: "boolean" },
    fixedVersions: { type: "array", items: { type: "string" } },
    status: { type: "string", enum: [...ALERT_STATUSES] },
    statusReason: { type: "string" },
    justification: { type: "string" },
    riskExpiresAt: { type: "string" },
    resolvedAt: { type: "string" },
    evidenceInventoryId: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    updatedAt: { type: "string", format: "date-time" },
  },
} as const;

const EVENT_SCHEMA = {
  $id: "AlertEvent",
  type: "object",
  required: ["at", "to"],
  properties: {
    at: { type: "string", format: "date-time" },
    actor: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    note: { type: "string" },
    details: JSON_OBJECT,
  },
} as const;

/** An alert as the API shows it. */
export interface AlertView {
  readonly id: string;
  readonly orgId: string;
  readonly asset: { readonly id: string; readonly name: string };
  readonly package: {
    readonly ecosystem: string;
    readonly name: string;
    readonly version: string;
    readonly purl?: string;
  };
  readonly vulnerability: {
    readonly id: string;
    readonly ids: readonly string[];
    readonly aliases: readonly string[];
    readonly summary?: string;
  };
  readonly [more: string]: unknown;
}

/** The API's view of an alert: the stored alert with its asset's name and whether it is overdue today. */
export function alertView(a: Alert, assetName: string, today: string): AlertView {
  const active = a.status === "open" || a.status === "acknowledged" || a.status === "in-progress";
  return {
    id: a.id,
    orgId: a.orgId,
    asset: { id: a.assetId, name: assetName },
    package: {
      ecosystem: a.ecosystem,
      name: a.packageName,
      version: a.versions.join(", "),
      ...(a.purl !== undefined && { purl: a.purl }),
    },
    vulnerability: {
      id: a.vulnId,
      ids: a.advisoryIds,
      aliases: a.aliases,
      ...(a.summary !== undefined && { summary: a.summary }),
    },
    severity: a.severity,
    kev: a.kev ?? null,
    epss: a.epss ?? null,
    ssvc: a.ssvc ?? null,
    timeline: a.timeline ?? null,
    priority: a.priority,
    firstDetectedAt: a.firstDetectedAt,
    clockStart: a.clockStart,
    dueAt: a.dueAt ?? null,
    overdue: active && a.dueAt !== undefined && a.dueAt < today,
    fixedVersions: a.fixedVersions,
    status: a.status,
    ...(a.statusReason !== undefined && { statusReason: a.statusReason }),
    ...(a.justification !== undefined && { justification: a.justification }),
    ...(a.riskExpiresAt !== undefined && { riskExpiresAt: a.riskExpiresAt }),
    ...(a.resolvedAt !== undefined && { resolvedAt: a.resolvedAt }),
    ...(a.evidenceInventoryId !== undefined && { evidenceInventoryId: a.evidenceInventoryId }),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

function eventView(e: AlertEvent) {
  return {
    at: e.at,
    ...(e.actor !== undefined && { actor: e.actor }),
    ...(e.from !== undefined && { from: e.from }),
    to: e.to,
    ...(e.note !== undefined && { note: e.note }),
    ...(e.details !== undefined && { details: e.details }),
  };
}

interface ListQuery extends PageQuery {
  orgId?: string;
  status?: string;
  assetId?: string;
  vuln?: string;
  overdue?: boolean;
}

interface StatusBody {
  status: Exclude<AlertStatus, "closed">;
  justification?: string;
  reason?: string;
  expiresAt?: string;
  note?: string;
}

/** The organisation a list is for: the one asked for, else the token's, else the caller's only one. */
function orgOf(request: FastifyRequest, asked: string | undefined): string {
  const org = asked ?? request.principal.tokenOrgId ?? soleMembership(request);
  if (org === undefined) {
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "which organisation's alerts? you belong to several", {
      hint: "Pass ?orgId=.",
    });
  }
  if (roleFor(request, org) === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no organisation ${org}`);
  return org;
}

function soleMembership(request: FastifyRequest): string | undefined {
  const v = request.principal.viewer;
  return v.kind === "user" && v.memberships.length === 1 ? v.memberships[0]?.orgId : undefined;
}

/**
 * `/api/v1/alerts`: an operator organisation's alerts, most urgent first, with their history and
 * the status changes its members make (acknowledge, in progress, remediated, not affected with a
 * VEX justification, risk accepted with an expiry). Members read; members who may `write` change.
 */
export function registerAlertRoutes(app: FastifyInstance, db: ServerDb, clock: () => Date): void {
  app.addSchema(ALERT_SCHEMA);
  app.addSchema(EVENT_SCHEMA);
  const alerts = new AlertRepository(db.kysely);
  const assets = new AssetRepository(db.kysely);

  async function views(list: readonly Alert[]): Promise<AlertView[]> {
    const names = new Map<string, string>();
    for (const id of new Set(list.map((a) => a.assetId))) names.set(id, (await assets.byId(id))?.name ?? id);
    const today = clock().toISOString().slice(0, 10);
    return list.map((a) => alertView(a, names.get(a.assetId) ?? a.assetId, today));
  }

  async function visibleAlert(request: FastifyRequest, id: string): Promise<{ alert: Alert; role: OrgRole }> {
    const alert = await alerts.byId(id);
    const role = alert === undefined ? undefined : roleFor(request, alert.orgId);
    if (alert === undefined || role === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no alert ${id}`);
    return { alert, role };
  }

  app.get<{ Querystring: ListQuery }>(
    "/api/v1/alerts",
    {
      schema: {
        tags: ["alerts"],
        summary: "An organisation's alerts, most urgent first (members of it)",
        description:
          "status takes one status or several separated by commas; vuln matches the group's key or any of its advisory ids; overdue=true keeps active alerts past their due date.",
        querystring: {
          ...PAGE_QUERY_SCHEMA,
          properties: {
            ...PAGE_QUERY_SCHEMA.properties,
            orgId: { type: "string" },
            status: { type: "string", pattern: `^(${ALERT_STATUSES.join("|")})(,(${ALERT_STATUSES.join("|")}))*$` },
            assetId: { type: "string" },
            vuln: { type: "string", minLength: 1, maxLength: 200 },
            overdue: { type: "boolean" },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { $ref: "Alert#" } }, nextCursor: { type: "string" } },
          },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const q = request.query;
      const orgId = orgOf(request, q.orgId);
      const filter = {
        orgId,
        ...(q.status !== undefined && { statuses: q.status.split(",") as AlertStatus[] }),
        ...(q.assetId !== undefined && { assetId: q.assetId }),
        ...(q.vuln !== undefined && { vuln: q.vuln }),
        ...(q.overdue === true && { overdueOn: clock().toISOString().slice(0, 10) }),
      };
      const page = await pageOf(
        q,
        (after, limit) => alerts.list(filter, { ...(after !== undefined && { after }), limit }),
        AlertRepository.pageKey,
      );
      const items = await views(page.items);
      return withEtag(request, reply, { items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) });
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/v1/alerts/:id",
    {
      schema: {
        tags: ["alerts"],
        summary: "One alert with its history (members of its organisation)",
        params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        response: {
          200: {
            allOf: [
              { $ref: "Alert#" },
              {
                type: "object",
                required: ["history"],
                properties: { history: { type: "array", items: { $ref: "AlertEvent#" } } },
              },
            ],
          },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const { alert } = await visibleAlert(request, request.params.id);
      const [view] = await views([alert]);
      const history = (await alerts.history(alert.id)).map(eventView);
      return withEtag(request, reply, { ...view, history });
    },
  );

  app.post<{ Params: { id: string }; Body: StatusBody }>(
    "/api/v1/alerts/:id/status",
    {
      schema: {
        tags: ["alerts"],
        summary: "Change an alert's status (members who may write); every change is kept in its history",
        description:
          "not-affected needs a VEX justification; risk-accepted needs reason and expiresAt (the alert reopens after it). closed is the monitor's alone.",
        params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        body: {
          type: "object",
          required: ["status"],
          additionalProperties: false,
          properties: {
            status: { type: "string", enum: ALERT_STATUSES.filter((s) => s !== "closed") },
            justification: { type: "string", enum: [...VEX_JUSTIFICATIONS] },
            reason: { type: "string", minLength: 1, maxLength: 2000 },
            expiresAt: { type: "string", format: "date" },
            note: { type: "string", minLength: 1, maxLength: 2000 },
          },
        },
        response: { 200: { $ref: "Alert#" } },
      },
    },
    async (request) => {
      const userId = requireUser(request);
      requireScope(request, "write");
      const { alert, role } = await visibleAlert(request, request.params.id);
      if (!orgCan(role, "write")) {
        throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", "your role in the organisation cannot change alerts");
      }
      const b = request.body;
      const now = clock();
      if (b.status === "risk-accepted" && b.expiresAt !== undefined && b.expiresAt <= now.toISOString().slice(0, 10)) {
        throw new BulwarkError("BULWARK_REQUEST_INVALID", "a risk acceptance must expire in the future", {
          hint: "Pass expiresAt after today.",
        });
      }
      const changed = await db.kysely.transaction().execute(async (trx) => {
        const after = await new AlertRepository(trx).changeStatus(
          alert.id,
          {
            status: b.status,
            actor: userId,
            ...(b.justification !== undefined && { justification: b.justification }),
            ...(b.reason !== undefined && { reason: b.reason }),
            ...(b.expiresAt !== undefined && { riskExpiresAt: b.expiresAt }),
            ...(b.note !== undefined && { note: b.note }),
          },
          now,
        );
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "alert.status",
          actorUserId: userId,
          actorOrgId: alert.orgId,
          requestId: request.id,
          objectType: "alert",
          objectId: alert.id,
          details: { from: alert.status, to: b.status, vulnId: alert.vulnId, assetId: alert.assetId },
        });
        return after;
      });
      const [view] = await views([changed]);
      return view;
    },
  );
}

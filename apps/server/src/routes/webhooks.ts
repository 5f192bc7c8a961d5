import { orgCan } from "@bulwark/access";
import { BulwarkError } from "@bulwark/core";
import { appendAudit, OrganisationRepository, OutboxRepository, type ServerDb, WebhookRepository } from "@bulwark/db";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { generateWebhookSecret } from "../notify/webhook-signature.ts";
import { requireScope, roleIn } from "../plugins/auth.ts";

const WEBHOOK_SCHEMA = {
  $id: "Webhook",
  type: "object",
  required: ["id", "orgId", "url", "enabled", "consecutiveFailures", "createdAt"],
  properties: {
    id: { type: "string" },
    orgId: { type: "string" },
    url: { type: "string" },
    description: { type: "string" },
    enabled: { type: "boolean" },
    consecutiveFailures: { type: "integer" },
    disabledAt: { type: "string", format: "date-time" },
    disabledReason: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
  },
} as const;

const ORG_PARAMS = { type: "object", required: ["id"], properties: { id: { type: "string" } } } as const;
const HOOK_PARAMS = {
  type: "object",
  required: ["id", "wid"],
  properties: { id: { type: "string" }, wid: { type: "string" } },
} as const;

/** An http(s) URL without credentials, or BULWARK_REQUEST_INVALID. */
export function checkWebhookUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "the webhook URL is not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "a webhook URL must be http or https");
  }
  // Credentials in a URL end up in logs and lists; receivers authenticate us by the signature.
  if (url.username !== "" || url.password !== "") {
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "a webhook URL must not contain a user name or password");
  }
  return url.toString();
}

/**
 * Webhooks are managed by the organisation's owners and admins (`manage-tokens`: like an API
 * token, a webhook carries a secret and sends the organisation's data out). A token made for
 * another organisation cannot manage them.
 */
function requireManager(request: FastifyRequest, orgId: string): void {
  const tokenOrg = request.principal.tokenOrgId;
  if (tokenOrg !== undefined && tokenOrg !== orgId) {
    throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", "this API token acts for another organisation");
  }
  const role = roleIn(request, orgId);
  if (role === undefined || !orgCan(role, "manage-tokens")) {
    throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", "only the organisation's owners and admins manage its webhooks");
  }
}

/**
 * `/api/v1/orgs/{id}/webhooks`: an organisation's endpoints for signed deliveries (Standard
 * Webhooks). The signing secret is in the creation answer only; deliveries go through the outbox.
 */
export function registerWebhookRoutes(app: FastifyInstance, db: ServerDb, clock: () => Date): void {
  app.addSchema(WEBHOOK_SCHEMA);
  const hooks = new WebhookRepository(db.kysely);
  const orgs = new OrganisationRepository(db.kysely);

  /** The webhook `wid` of organisation `orgId`, or not found. */
  async function hookOf(orgId: string, wid: string) {
    const hook = await hooks.byId(wid);
    if (hook === undefined || hook.orgId !== orgId)
      throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no webhook ${wid}`);
    return hook;
  }

  app.post<{ Params: { id: string }; Body: { url: string; description?: string } }>(
    "/api/v1/orgs/:id/webhooks",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Add a webhook (owners and admins); its signing secret is shown in this answer only",
        params: ORG_PARAMS,
        body: {
          type: "object",
          required: ["url"],
          additionalProperties: false,
          properties: {
            url: { type: "string", minLength: 1, maxLength: 2000 },
            description: { type: "string", minLength: 1, maxLength: 200 },
          },
        },
        response: {
          201: {
            type: "object",
            required: ["webhook", "secret"],
            properties: { webhook: { $ref: "Webhook#" }, secret: { type: "string" } },
          },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "write");
      const orgId = request.params.id;
      requireManager(request, orgId);
      if ((await orgs.byId(orgId)) === undefined)
        throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no organisation ${orgId}`);
      const url = checkWebhookUrl(request.body.url);
      const secret = generateWebhookSecret();
      const now = clock();
      const webhook = await db.kysely.transaction().execute(async (trx) => {
        const made = await new WebhookRepository(trx).create(
          {
            orgId,
            url,
            secret,
            ...(request.body.description !== undefined && { description: request.body.description }),
          },
          now,
        );
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "webhook.create",
          actorUserId: request.principal.userId as string,
          actorOrgId: orgId,
          requestId: request.id,
          objectType: "webhook",
          objectId: made.id,
          details: { url },
        });
        return made;
      });
      return reply.status(201).send({ webhook, secret });
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/v1/orgs/:id/webhooks",
    {
      schema: {
        tags: ["webhooks"],
        summary: "The organisation's webhooks, never their secrets (owners and admins)",
        params: ORG_PARAMS,
        response: {
          200: {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { $ref: "Webhook#" } } },
          },
        },
      },
    },
    async (request) => {
      requireScope(request, "read");
      requireManager(request, request.params.id);
      return { items: await hooks.listForOrg(request.params.id) };
    },
  );

  app.delete<{ Params: { id: string; wid: string } }>(
    "/api/v1/orgs/:id/webhooks/:wid",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Delete a webhook; what it has not received yet is dropped",
        params: HOOK_PARAMS,
        response: { 204: { type: "null" } },
      },
    },
    async (request, reply) => {
      requireScope(request, "write");
      const { id: orgId, wid } = request.params;
      requireManager(request, orgId);
      const hook = await hookOf(orgId, wid);
      const now = clock();
      await db.kysely.transaction().execute(async (trx) => {
        await new WebhookRepository(trx).delete(wid);
        await new OutboxRepository(trx).abandonForTarget(wid, "the webhook was deleted");
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "webhook.delete",
          actorUserId: request.principal.userId as string,
          actorOrgId: orgId,
          requestId: request.id,
          objectType: "webhook",
          objectId: wid,
          details: { url: hook.url },
        });
      });
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string; wid: string } }>(
    "/api/v1/orgs/:id/webhooks/:wid/test",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Queue a signed `webhook.test` delivery to the webhook",
        params: HOOK_PARAMS,
        response: {
          202: { type: "object", required: ["messageId"], properties: { messageId: { type: "string" } } },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "write");
      const { id: orgId, wid } = request.params;
      requireManager(request, orgId);
      const hook = await hookOf(orgId, wid);
      if (!hook.enabled) throw new BulwarkError("BULWARK_OBJECT_CONFLICT", "the webhook is disabled");
      const now = clock();
      const message = await db.kysely.transaction().execute(async (trx) => {
        const queued = await new OutboxRepository(trx).enqueue(
          {
            kind: "webhook",
            targetId: wid,
            payload: { type: "webhook.test", timestamp: now.toISOString(), data: { webhookId: wid, orgId } },
          },
          now,
        );
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "webhook.test",
          actorUserId: request.principal.userId as string,
          actorOrgId: orgId,
          requestId: request.id,
          objectType: "webhook",
          objectId: wid,
          details: { messageId: queued.id },
        });
        return queued;
      });
      return reply.status(202).send({ messageId: message.id });
    },
  );
}

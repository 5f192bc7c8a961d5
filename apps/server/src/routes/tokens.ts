import { BulwarkError } from "@bulwark/core";
import { type ApiToken, ApiTokenRepository, appendAudit, type ServerDb } from "@bulwark/db";
import type { FastifyInstance } from "fastify";
import { requireScope, requireUser, roleIn } from "../plugins/auth.ts";
import { TOKEN_SCOPES } from "../scopes.ts";

const TOKEN_SCHEMA = {
  $id: "ApiToken",
  type: "object",
  required: ["id", "name", "prefix", "scopes", "createdAt"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    prefix: { type: "string", description: "The first characters of the secret" },
    orgId: { type: "string" },
    scopes: { type: "array", items: { type: "string", enum: [...TOKEN_SCOPES] } },
    createdAt: { type: "string", format: "date-time" },
    expiresAt: { type: "string", format: "date-time" },
    lastUsedAt: { type: "string", format: "date-time" },
    revokedAt: { type: "string", format: "date-time" },
  },
} as const;

function publicToken(t: ApiToken) {
  const { userId: _user, ...rest } = t;
  return rest;
}

/** `/api/v1/tokens`: the caller's own API tokens; the secret is in the creation answer only. */
export function registerTokenRoutes(app: FastifyInstance, db: ServerDb, clock: () => Date): void {
  const tokens = new ApiTokenRepository(db.kysely);
  app.addSchema(TOKEN_SCHEMA);

  app.post<{ Body: { name: string; orgId?: string; scopes?: string[]; expiresInDays?: number } }>(
    "/api/v1/tokens",
    {
      schema: {
        tags: ["tokens"],
        summary: "Create an API token for yourself; the secret is shown in this answer only",
        body: {
          type: "object",
          required: ["name"],
          additionalProperties: false,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 100 },
            orgId: { type: "string" },
            scopes: { type: "array", items: { type: "string", enum: [...TOKEN_SCOPES] }, uniqueItems: true },
            expiresInDays: { type: "integer", minimum: 1, maximum: 3650 },
          },
        },
        response: {
          201: {
            type: "object",
            required: ["token", "secret"],
            properties: { token: { $ref: "ApiToken#" }, secret: { type: "string" } },
          },
        },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request);
      requireScope(request, "write");
      const { name, orgId, expiresInDays } = request.body;
      const scopes = request.body.scopes ?? ["read", "write"];
      // A token cannot be wider than the one that makes it.
      const mine = request.principal.scopes;
      if (mine !== undefined && scopes.some((s) => !mine.includes(s))) {
        throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", "a token cannot create a token with scopes it does not have");
      }
      if (orgId !== undefined && roleIn(request, orgId) === undefined) {
        throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", "you can make tokens only for organisations you belong to");
      }
      const now = clock();
      const created = await db.kysely.transaction().execute(async (trx) => {
        const made = await new ApiTokenRepository(trx).create(
          {
            userId,
            name,
            scopes,
            ...(orgId !== undefined && { orgId }),
            ...(expiresInDays !== undefined && { expiresAt: new Date(now.getTime() + expiresInDays * 86_400_000) }),
          },
          now,
        );
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "token.create",
          actorUserId: userId,
          ...(orgId !== undefined && { actorOrgId: orgId }),
          requestId: request.id,
          objectType: "api_token",
          objectId: made.token.id,
          details: { name, scopes: [...scopes].sort(), prefix: made.token.prefix },
        });
        return made;
      });
      return reply.status(201).send({ token: publicToken(created.token), secret: created.secret });
    },
  );

  app.get(
    "/api/v1/tokens",
    {
      schema: {
        tags: ["tokens"],
        summary: "Your API tokens (never their secrets)",
        response: {
          200: {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { $ref: "ApiToken#" } } },
          },
        },
      },
    },
    async (request) => {
      const userId = requireUser(request);
      requireScope(request, "read");
      return { items: (await tokens.listForUser(userId)).map(publicToken) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/api/v1/tokens/:id",
    {
      schema: {
        tags: ["tokens"],
        summary: "Revoke one of your API tokens",
        params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        response: { 204: { type: "null" } },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request);
      requireScope(request, "write");
      const own = (await tokens.listForUser(userId)).some((t) => t.id === request.params.id);
      if (!own) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no token ${request.params.id}`);
      const now = clock();
      await db.kysely.transaction().execute(async (trx) => {
        await new ApiTokenRepository(trx).revoke(request.params.id, now);
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "token.revoke",
          actorUserId: userId,
          requestId: request.id,
          objectType: "api_token",
          objectId: request.params.id,
        });
      });
      return reply.status(204).send();
    },
  );
}

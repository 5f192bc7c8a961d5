import { ORG_ROLES, type OrgRole, orgCan, orgRoleRank } from "@bulwark/access";
import { BulwarkError } from "@bulwark/core";
import {
  type ApiToken,
  ApiTokenRepository,
  appendAudit,
  OrganisationRepository,
  type ServerDb,
  UserRepository,
} from "@bulwark/db";
import type { FastifyInstance, FastifyRequest } from "fastify";
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

/** The scopes an organisation token of a role gets: viewers read, every other role reads and writes. */
function roleScopes(role: OrgRole): string[] {
  return orgCan(role, "write") ? ["read", "write"] : ["read"];
}

/**
 * The e-mail of an organisation's token account for one role. `.invalid` (RFC 2606) can never
 * receive mail, and the account has no password, so nobody signs in as it.
 */
export function orgTokenAccountEmail(orgId: string, role: OrgRole): string {
  return `${role}-tokens@${orgId}.bulwark.invalid`;
}

/**
 * Who may make an organisation token of `role`: a platform admin, or a member whose own role may
 * manage the organisation's tokens and is at least `role`; a token made for another organisation
 * never may.
 */
function mayMakeOrgToken(request: FastifyRequest, orgId: string, role: OrgRole): boolean {
  const tokenOrg = request.principal.tokenOrgId;
  if (tokenOrg !== undefined && tokenOrg !== orgId) return false;
  const v = request.principal.viewer;
  if (v.kind === "user" && v.platformRoles.includes("admin")) return true;
  const mine = roleIn(request, orgId);
  return mine !== undefined && orgCan(mine, "manage-tokens") && orgRoleRank(role) <= orgRoleRank(mine);
}

/** `/api/v1/tokens`: the caller's own API tokens; the secret is in the creation answer only. */
export function registerTokenRoutes(app: FastifyInstance, db: ServerDb, clock: () => Date): void {
  const tokens = new ApiTokenRepository(db.kysely);
  app.addSchema(TOKEN_SCHEMA);

  app.post<{ Body: { name: string; orgId?: string; role?: OrgRole; scopes?: string[]; expiresInDays?: number } }>(
    "/api/v1/tokens",
    {
      schema: {
        tags: ["tokens"],
        summary: "Create an API token for yourself, or with role an organisation's token; the secret is shown once",
        description:
          "With orgId and role, the token belongs to the organisation's token account for that role (a member without a password or platform roles), so it acts in that organisation only, with that role: read for viewer, read and write for the others. Platform admins, and members who may manage the organisation's tokens, make them, up to their own role. Remove the account's membership to cut off every token of that role.",
        body: {
          type: "object",
          required: ["name"],
          additionalProperties: false,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 100 },
            orgId: { type: "string" },
            role: { type: "string", enum: [...ORG_ROLES], description: "Make an organisation token (needs orgId)" },
            scopes: { type: "array", items: { type: "string", enum: [...TOKEN_SCOPES] }, uniqueItems: true },
            expiresInDays: { type: "integer", minimum: 1, maximum: 3650 },
          },
        },
        response: {
          201: {
            type: "object",
            required: ["token", "secret"],
            properties: {
              token: { $ref: "ApiToken#" },
              secret: { type: "string" },
              role: { type: "string", enum: [...ORG_ROLES], description: "An organisation token's role" },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request);
      requireScope(request, "write");
      const { name, orgId, role, expiresInDays } = request.body;
      if (role !== undefined) {
        if (orgId === undefined) {
          throw new BulwarkError("BULWARK_REQUEST_INVALID", "a token with a role needs the orgId it acts for");
        }
        return reply.status(201).send(await createOrgToken(request, { name, orgId, role, expiresInDays }));
      }
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

  /** An organisation token: owned by the organisation's token account for the role, made on first use. */
  async function createOrgToken(
    request: FastifyRequest<{ Body: { scopes?: string[] } }>,
    wanted: { name: string; orgId: string; role: OrgRole; expiresInDays: number | undefined },
  ) {
    const { name, orgId, role, expiresInDays } = wanted;
    const org = await new OrganisationRepository(db.kysely).byId(orgId);
    if (org === undefined || !mayMakeOrgToken(request, orgId, role)) {
      // Without the right to make one, a missing organisation and a forbidden one look the same.
      throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", `you cannot make ${role} tokens for organisation ${orgId}`, {
        hint: "Platform admins, and the organisation's owners and admins up to their own role, make organisation tokens.",
      });
    }
    const allowed = roleScopes(role);
    const scopes = request.body.scopes ?? allowed;
    const mine = request.principal.scopes;
    if (scopes.some((s) => !allowed.includes(s) || (mine !== undefined && !mine.includes(s)))) {
      throw new BulwarkError(
        "BULWARK_AUTH_FORBIDDEN",
        `a ${role} token can have at most the scopes ${allowed.join(", ")}, and none its maker's token lacks`,
      );
    }
    const actor = request.principal.userId as string;
    const now = clock();
    const created = await db.kysely.transaction().execute(async (trx) => {
      const users = new UserRepository(trx);
      const email = orgTokenAccountEmail(orgId, role);
      const existing = await users.byEmail(email);
      const account = existing ?? (await users.create({ email, displayName: `${org.name} ${role} tokens` }, now));
      if (!(await users.memberships(account.id)).some((m) => m.orgId === orgId && m.role === role)) {
        // The account lost its membership: someone cut its tokens off, and that must stay so.
        if (existing !== undefined) {
          const repo = new ApiTokenRepository(trx);
          for (const t of await repo.listForUser(account.id))
            if (t.revokedAt === undefined) await repo.revoke(t.id, now);
        }
        await users.setMembership(account.id, orgId, role, now);
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "member.add",
          actorUserId: actor,
          actorOrgId: orgId,
          requestId: request.id,
          objectType: "membership",
          objectId: `${orgId}/${account.id}`,
          details: { email, role, tokenAccount: true },
        });
      }
      const made = await new ApiTokenRepository(trx).create(
        {
          userId: account.id,
          name,
          scopes,
          orgId,
          ...(expiresInDays !== undefined && { expiresAt: new Date(now.getTime() + expiresInDays * 86_400_000) }),
        },
        now,
      );
      await appendAudit(trx, {
        at: now.toISOString(),
        action: "token.create",
        actorUserId: actor,
        actorOrgId: orgId,
        requestId: request.id,
        objectType: "api_token",
        objectId: made.token.id,
        details: { name, scopes: [...scopes].sort(), prefix: made.token.prefix, role, tokenUserId: account.id },
      });
      return made;
    });
    return { token: publicToken(created.token), secret: created.secret, role };
  }

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

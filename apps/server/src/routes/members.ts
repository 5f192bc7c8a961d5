import { randomBytes } from "node:crypto";
import { ORG_ROLES, orgCan, orgRoleRank, parseOrgRole } from "@bulwark/access";
import { BulwarkError } from "@bulwark/core";
import { appendAudit, OrganisationRepository, type ServerDb, UserRepository } from "@bulwark/db";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { hashPassword } from "../passwords.ts";
import { requirePlatformRole, requireScope, roleIn } from "../plugins/auth.ts";

const USER_SCHEMA = {
  $id: "User",
  type: "object",
  required: ["id", "email", "displayName", "createdAt"],
  properties: {
    id: { type: "string" },
    email: { type: "string" },
    displayName: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    disabled: { type: "boolean" },
  },
} as const;

const MEMBER_SCHEMA = {
  $id: "Member",
  type: "object",
  required: ["userId", "email", "role"],
  properties: {
    userId: { type: "string" },
    email: { type: "string" },
    displayName: { type: "string" },
    role: { type: "string", enum: [...ORG_ROLES] },
  },
} as const;

/** Whether the caller may manage the organisation's members: its owners and admins, or a platform admin. */
function mayManageMembers(request: FastifyRequest, orgId: string): boolean {
  const v = request.principal.viewer;
  if (v.kind === "user" && v.platformRoles.includes("admin")) return true;
  const role = roleIn(request, orgId);
  return role !== undefined && orgCan(role, "manage-members");
}

/**
 * `/api/v1/users` (platform admins create accounts) and `/api/v1/orgs/{id}/members` (an
 * organisation's owners and admins add, change and remove members). Nobody can grant a role
 * above their own, and an organisation never loses its last owner.
 */
export function registerMemberRoutes(app: FastifyInstance, db: ServerDb, clock: () => Date): void {
  app.addSchema(USER_SCHEMA);
  app.addSchema(MEMBER_SCHEMA);
  const users = new UserRepository(db.kysely);
  const orgs = new OrganisationRepository(db.kysely);

  app.post<{ Body: { email: string; displayName?: string; password?: string } }>(
    "/api/v1/users",
    {
      schema: {
        tags: ["identity"],
        summary: "Create a user account (platform admin); without a password one is generated and returned once",
        body: {
          type: "object",
          required: ["email"],
          additionalProperties: false,
          properties: {
            email: { type: "string", format: "email", maxLength: 254 },
            displayName: { type: "string", minLength: 1, maxLength: 200 },
            password: { type: "string", minLength: 12, maxLength: 1024 },
          },
        },
        response: {
          201: {
            type: "object",
            required: ["user"],
            properties: { user: { $ref: "User#" }, password: { type: "string" } },
          },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "admin");
      requirePlatformRole(request, "admin");
      const generated = request.body.password === undefined ? randomBytes(18).toString("base64url") : undefined;
      const passwordHash = await hashPassword(request.body.password ?? (generated as string));
      const now = clock();
      const user = await db.kysely.transaction().execute(async (trx) => {
        const made = await new UserRepository(trx).create(
          {
            email: request.body.email,
            passwordHash,
            ...(request.body.displayName !== undefined && { displayName: request.body.displayName }),
          },
          now,
        );
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "user.create",
          actorUserId: request.principal.userId as string,
          requestId: request.id,
          objectType: "user",
          objectId: made.id,
          details: { email: made.email },
        });
        return made;
      });
      return reply.status(201).send({ user, ...(generated !== undefined && { password: generated }) });
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/v1/orgs/:id/members",
    {
      schema: {
        tags: ["organisations"],
        summary: "An organisation's members and their roles (members of it, or platform admins)",
        params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        response: {
          200: {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { $ref: "Member#" } } },
          },
        },
      },
    },
    async (request) => {
      requireScope(request, "read");
      const v = request.principal.viewer;
      const visible =
        roleIn(request, request.params.id) !== undefined || (v.kind === "user" && v.platformRoles.includes("admin"));
      if (!visible || (await orgs.byId(request.params.id)) === undefined) {
        throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no organisation ${request.params.id}`);
      }
      const rows = await db.kysely
        .selectFrom("memberships")
        .innerJoin("users", "users.id", "memberships.user_id")
        .select(["users.id", "users.email", "users.display_name", "memberships.role"])
        .where("memberships.org_id", "=", request.params.id)
        .orderBy("users.email")
        .execute();
      return { items: rows.map((r) => ({ userId: r.id, email: r.email, displayName: r.display_name, role: r.role })) };
    },
  );

  app.put<{ Params: { id: string }; Body: { email: string; role: string } }>(
    "/api/v1/orgs/:id/members",
    {
      schema: {
        tags: ["organisations"],
        summary: "Add a user to the organisation or change their role (owners and admins)",
        params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        body: {
          type: "object",
          required: ["email", "role"],
          additionalProperties: false,
          properties: { email: { type: "string", maxLength: 254 }, role: { type: "string", enum: [...ORG_ROLES] } },
        },
        response: { 200: { $ref: "Member#" } },
      },
    },
    async (request) => {
      requireScope(request, "write");
      const orgId = request.params.id;
      if (!mayManageMembers(request, orgId) || (await orgs.byId(orgId)) === undefined) {
        throw new BulwarkError(
          "BULWARK_AUTH_FORBIDDEN",
          "only the organisation's owners and admins manage its members",
        );
      }
      const role = parseOrgRole(request.body.role);
      if (role === undefined) throw new BulwarkError("BULWARK_REQUEST_INVALID", "unknown role");
      const mine = roleIn(request, orgId);
      const v = request.principal.viewer;
      const platformAdmin = v.kind === "user" && v.platformRoles.includes("admin");
      if (!platformAdmin && mine !== undefined && orgRoleRank(role) > orgRoleRank(mine)) {
        throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", `you cannot grant ${role}, a role above your own (${mine})`);
      }
      const user = await users.byEmail(request.body.email);
      if (user === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no user ${request.body.email}`);
      const now = clock();
      await db.kysely.transaction().execute(async (trx) => {
        const before = (await new UserRepository(trx).memberships(user.id)).find((m) => m.orgId === orgId)?.role;
        if (before === "owner" && role !== "owner") await keepAnOwner(trx, orgId, user.id);
        await new UserRepository(trx).setMembership(user.id, orgId, role, now);
        await appendAudit(trx, {
          at: now.toISOString(),
          action: before === undefined ? "member.add" : "member.role",
          actorUserId: request.principal.userId as string,
          actorOrgId: orgId,
          requestId: request.id,
          objectType: "membership",
          objectId: `${orgId}/${user.id}`,
          details: { email: user.email, role, ...(before !== undefined && { previousRole: before }) },
        });
      });
      return { userId: user.id, email: user.email, displayName: user.displayName, role };
    },
  );

  app.delete<{ Params: { id: string; userId: string } }>(
    "/api/v1/orgs/:id/members/:userId",
    {
      schema: {
        tags: ["organisations"],
        summary: "Remove a member (owners and admins; never the last owner)",
        params: {
          type: "object",
          required: ["id", "userId"],
          properties: { id: { type: "string" }, userId: { type: "string" } },
        },
        response: { 204: { type: "null" } },
      },
    },
    async (request, reply) => {
      requireScope(request, "write");
      const { id: orgId, userId } = request.params;
      if (!mayManageMembers(request, orgId)) {
        throw new BulwarkError(
          "BULWARK_AUTH_FORBIDDEN",
          "only the organisation's owners and admins manage its members",
        );
      }
      const now = clock();
      await db.kysely.transaction().execute(async (trx) => {
        const repo = new UserRepository(trx);
        const before = (await repo.memberships(userId)).find((m) => m.orgId === orgId)?.role;
        if (before === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", "no such member");
        if (before === "owner") await keepAnOwner(trx, orgId, userId);
        await repo.removeMembership(userId, orgId);
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "member.remove",
          actorUserId: request.principal.userId as string,
          actorOrgId: orgId,
          requestId: request.id,
          objectType: "membership",
          objectId: `${orgId}/${userId}`,
          details: { previousRole: before },
        });
      });
      return reply.status(204).send();
    },
  );
}

/** Refuse to leave an organisation without an owner when `userId` stops being one. */
async function keepAnOwner(trx: ServerDb["kysely"], orgId: string, userId: string): Promise<void> {
  const others = await trx
    .selectFrom("memberships")
    .select("user_id")
    .where("org_id", "=", orgId)
    .where("role", "=", "owner")
    .where("user_id", "!=", userId)
    .execute();
  if (others.length === 0) {
    throw new BulwarkError("BULWARK_OBJECT_CONFLICT", "an organisation must keep at least one owner", {
      hint: "Make someone else owner first.",
    });
  }
}

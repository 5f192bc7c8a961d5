import { BulwarkError } from "@bulwark/core";
import { type ServerDb, UserRepository } from "@bulwark/db";
import type { FastifyInstance } from "fastify";
import { requireUser } from "../plugins/auth.ts";

/** `/api/v1/me`: who the caller is, their organisations and roles. */
export function registerMeRoute(app: FastifyInstance, db: ServerDb): void {
  const users = new UserRepository(db.kysely);
  app.get(
    "/api/v1/me",
    {
      schema: {
        tags: ["identity"],
        summary: "The signed-in user or token owner",
        response: {
          200: {
            type: "object",
            required: ["id", "email", "memberships", "platformRoles"],
            properties: {
              id: { type: "string" },
              email: { type: "string" },
              displayName: { type: "string" },
              memberships: {
                type: "array",
                items: { type: "object", properties: { orgId: { type: "string" }, role: { type: "string" } } },
              },
              platformRoles: { type: "array", items: { type: "string" } },
              token: {
                type: "object",
                properties: {
                  id: { type: "string" },
                  scopes: { type: "array", items: { type: "string" } },
                  orgId: { type: "string", description: "The organisation a token made for one acts for" },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const userId = requireUser(request);
      const user = await users.byId(userId);
      if (user === undefined) throw new BulwarkError("BULWARK_AUTH_FAILED", "the user no longer exists");
      const p = request.principal;
      return {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        memberships: await users.memberships(userId),
        platformRoles: await users.platformRoles(userId),
        ...(p.tokenId !== undefined && {
          token: { id: p.tokenId, scopes: p.scopes ?? [], ...(p.tokenOrgId !== undefined && { orgId: p.tokenOrgId }) },
        }),
      };
    },
  );
}

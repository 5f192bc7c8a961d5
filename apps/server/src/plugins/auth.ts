import {
  ANONYMOUS,
  type OrgRole,
  type PlatformRole,
  parseOrgRole,
  parsePlatformRole,
  type Viewer,
} from "@bulwark/access";
import { BulwarkError } from "@bulwark/core";
import type { ApiTokenRepository, UserRepository } from "@bulwark/db";
import type { FastifyInstance, FastifyRequest } from "fastify";

/** Who is making a request, and through what. */
export interface Principal {
  /** For the access policy (TLP visibility). */
  readonly viewer: Viewer;
  readonly userId?: string;
  /** Set when the request came with an API token. */
  readonly tokenId?: string;
  /** The organisation a token acts for, when it was made for one. */
  readonly tokenOrgId?: string;
  /** A token's scopes; undefined for a signed-in session (the user's full rights). */
  readonly scopes?: readonly string[];
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
  }
}

/** A way to recognise a caller (API tokens now; sessions and OIDC plug in beside it). */
export interface Authenticator {
  /** The principal for this request, undefined when this authenticator does not apply. */
  authenticate(request: FastifyRequest, now: Date): Promise<Principal | undefined>;
}

/** The user's memberships and platform roles as the access policy's viewer. */
export async function viewerOf(users: UserRepository, userId: string): Promise<Viewer> {
  const memberships = (await users.memberships(userId)).flatMap((m) => {
    const role = parseOrgRole(m.role);
    return role === undefined ? [] : [{ orgId: m.orgId, role }];
  });
  const platformRoles = (await users.platformRoles(userId)).flatMap((r) => parsePlatformRole(r) ?? []);
  return { kind: "user", userId, memberships, platformRoles };
}

/** `Authorization: Bearer bwk_…`: an API token. A bad token fails the request instead of falling back to anonymous. */
export function bearerTokens(tokens: ApiTokenRepository, users: UserRepository): Authenticator {
  return {
    async authenticate(request, now) {
      const header = request.headers.authorization;
      if (header === undefined) return undefined;
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (m === null)
        throw new BulwarkError("BULWARK_AUTH_FAILED", "the Authorization header must be `Bearer <token>`");
      const token = await tokens.authenticate(m[1] as string, now);
      if (token === undefined)
        throw new BulwarkError("BULWARK_AUTH_FAILED", "the API token is unknown, expired or revoked");
      const user = await users.byId(token.userId);
      if (user === undefined || user.disabled)
        throw new BulwarkError("BULWARK_AUTH_FAILED", "the token's user is disabled");
      return {
        viewer: await viewerOf(users, user.id),
        userId: user.id,
        tokenId: token.id,
        ...(token.orgId !== undefined && { tokenOrgId: token.orgId }),
        scopes: token.scopes,
      };
    },
  };
}

/**
 * Give every request a principal: the first authenticator that recognises it, else anonymous.
 * Routes then decide with the guards below; nothing here rejects an anonymous request.
 */
export function registerAuthentication(
  app: FastifyInstance,
  authenticators: readonly Authenticator[],
  clock: () => Date,
): void {
  app.decorateRequest("principal", null as unknown as Principal);
  app.addHook("onRequest", async (request) => {
    for (const a of authenticators) {
      const p = await a.authenticate(request, clock());
      if (p !== undefined) {
        request.principal = p;
        return;
      }
    }
    request.principal = { viewer: ANONYMOUS };
  });
}

/** The signed-in user's id, or BULWARK_AUTH_REQUIRED. */
export function requireUser(request: FastifyRequest): string {
  const id = request.principal.userId;
  if (id === undefined) throw new BulwarkError("BULWARK_AUTH_REQUIRED", "sign in or send an API token");
  return id;
}

/** A token must carry `scope` (sessions have every scope); else BULWARK_AUTH_FORBIDDEN. */
export function requireScope(request: FastifyRequest, scope: string): void {
  requireUser(request);
  const scopes = request.principal.scopes;
  if (scopes !== undefined && !scopes.includes(scope) && !scopes.includes("*")) {
    throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", `this API token lacks the ${scope} scope`);
  }
}

/** The caller must hold the platform role; else BULWARK_AUTH_FORBIDDEN. */
export function requirePlatformRole(request: FastifyRequest, role: PlatformRole): void {
  requireUser(request);
  const v = request.principal.viewer;
  if (v.kind !== "user" || !v.platformRoles.includes(role)) {
    throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", `this needs the platform role ${role}`);
  }
}

/** The caller's role in an organisation, if a member. */
export function roleIn(request: FastifyRequest, orgId: string): OrgRole | undefined {
  const v = request.principal.viewer;
  if (v.kind !== "user") return undefined;
  return v.memberships.find((m) => m.orgId === orgId)?.role;
}

/**
 * The caller's role in an organisation for acting on its objects: none when the caller's API token
 * was made for another organisation, whatever the token's owner may do there.
 */
export function roleFor(request: FastifyRequest, orgId: string): OrgRole | undefined {
  const tokenOrg = request.principal.tokenOrgId;
  if (tokenOrg !== undefined && tokenOrg !== orgId) return undefined;
  return roleIn(request, orgId);
}

import { createHash, timingSafeEqual } from "node:crypto";
import { BulwarkError } from "@bulwark/core";
import type { CreatedSession, Session, SessionRepository, UserRepository } from "@bulwark/db";
import fastifyCookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Authenticator, viewerOf } from "./auth.ts";

/** The cookie that carries the session id. */
export const SESSION_COOKIE = "bulwark_session";

/** The header unsafe requests made with the session cookie must carry the session's CSRF token in. */
export const CSRF_HEADER = "x-csrf-token";

/** How the session cookie is marked. */
export interface SessionCookieOptions {
  /**
   * Always mark the cookie `Secure`. Without it the cookie is `Secure` when the request came over
   * HTTPS as Fastify sees it: a TLS socket, or `X-Forwarded-Proto: https` when `trustProxy` is set.
   * Behind a TLS-terminating proxy set this (or `trustProxy`), else the cookie goes out without it.
   */
  readonly secureCookies?: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The session whose cookie authenticated this request, null otherwise (tokens, anonymous). */
    browserSession: Session | null;
  }
  interface FastifyContextConfig {
    /**
     * `false` only for routes that act on no one's authority, such as sign-in: there, a session
     * cookie may come along without the CSRF header. Every other unsafe route requires it.
     */
    csrf?: boolean;
  }
}

// RFC 9110 safe methods: they must not change anything, so they need no CSRF token.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Cookie parsing and setting, and the request's `browserSession`; register before the authenticators. */
export async function registerSessionCookies(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie);
  app.decorateRequest("browserSession", null);
}

/** The session cookie's value on this request, if any. */
export function sessionCookieValue(request: FastifyRequest): string | undefined {
  // `cookies` is filled by @fastify/cookie's onRequest hook; parse here should a hook run before it.
  const cookies = request.cookies ?? request.server.parseCookie(request.headers.cookie ?? "");
  return cookies[SESSION_COOKIE];
}

function secure(request: FastifyRequest, options: SessionCookieOptions): boolean {
  return options.secureCookies === true || request.protocol === "https";
}

/**
 * Hand a new session to the browser: HttpOnly (scripts cannot read it), SameSite=Strict (no
 * cross-site request carries it), Path=/, Secure as {@link SessionCookieOptions} says, and kept
 * no longer than the session's absolute lifetime.
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  created: CreatedSession,
  now: Date,
  options: SessionCookieOptions,
): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(created.session.expiresAt) - now.getTime()) / 1000));
  void reply.setCookie(SESSION_COOKIE, created.cookieValue, {
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    secure: secure(request, options),
    maxAge,
  });
}

/** Tell the browser to drop the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, options: SessionCookieOptions): void {
  void reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    secure: secure(request, options),
  });
}

// Hashing first gives equal lengths, which timingSafeEqual needs, and hides the expected length.
function sameToken(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The `bulwark_session` cookie: a server-side session (see SessionRepository). A cookie that names
 * no live session, or a disabled user's, is ignored (the request is anonymous): browsers keep
 * cookies past their session's end, and that must not break public endpoints.
 *
 * Cookies are ambient credentials, so unsafe requests (anything but GET, HEAD, OPTIONS) that the
 * cookie authenticates must carry the session's CSRF token in `X-CSRF-Token` (the synchronizer
 * token pattern); else BULWARK_AUTH_FORBIDDEN. Bearer-token requests never reach this check: the
 * token authenticator comes first, and a page on another site cannot attach that header.
 */
export function sessionCookies(sessions: SessionRepository, users: UserRepository): Authenticator {
  return {
    async authenticate(request, now) {
      const value = sessionCookieValue(request);
      if (value === undefined || value === "") return undefined;
      const session = await sessions.find(value, now);
      if (session === undefined) return undefined;
      const user = await users.byId(session.userId);
      if (user === undefined || user.disabled) return undefined;
      if (!SAFE_METHODS.has(request.method) && request.routeOptions.config.csrf !== false) {
        const given = request.headers[CSRF_HEADER];
        if (typeof given !== "string" || !sameToken(given, session.csrfToken)) {
          throw new BulwarkError(
            "BULWARK_AUTH_FORBIDDEN",
            `${request.method} with the session cookie needs the session's CSRF token in the X-CSRF-Token header`,
            {
              hint: "Send the csrfToken from the sign-in answer or from GET /api/v1/auth/session as X-CSRF-Token on every request that changes something.",
              details: { header: CSRF_HEADER, reason: given === undefined ? "missing" : "mismatch" },
            },
          );
        }
      }
      request.browserSession = session;
      // No scopes: a signed-in session has the user's full rights.
      return { viewer: await viewerOf(users, user.id), userId: user.id };
    },
  };
}

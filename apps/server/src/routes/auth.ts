import { BulwarkError } from "@bulwark/core";
import {
  type AuditEvent,
  appendAudit,
  normaliseEmail,
  type ServerDb,
  type Session,
  SessionRepository,
  type User,
  UserRepository,
} from "@bulwark/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type PasswordVerifier, passwordVerifier } from "../passwords.ts";
import {
  clearSessionCookie,
  type SessionCookieOptions,
  sessionCookieValue,
  setSessionCookie,
} from "../plugins/session.ts";
import { type RateLimit, SlidingWindowLimiter } from "../rate-limit.ts";

/** After this many wrong passwords in a row an account is locked for `durationMs`, even to the right password. */
export const LOCKOUT = { maxFailures: 5, durationMs: 15 * 60_000 } as const;

/**
 * Sign-in attempts per client address and per e-mail address, in memory on each node. Successful
 * sign-ins are taken back, so an office behind one NAT address is limited only by its failures.
 */
export const LOGIN_RATE_LIMITS: { readonly perIp: RateLimit; readonly perEmail: RateLimit } = {
  perIp: { limit: 10, windowMs: 60_000 },
  perEmail: { limit: 10, windowMs: 60_000 },
};

/** Options for the sign-in routes. */
export interface AuthRouteOptions extends SessionCookieOptions {
  /** Password checks (default: production argon2id parameters for the decoy). */
  readonly passwords?: PasswordVerifier;
}

const SESSION_INFO_SCHEMA = {
  $id: "AuthSession",
  type: "object",
  required: ["user", "csrfToken", "createdAt", "expiresAt", "idleExpiresAt"],
  properties: {
    user: {
      type: "object",
      required: ["id", "email", "displayName"],
      properties: { id: { type: "string" }, email: { type: "string" }, displayName: { type: "string" } },
    },
    csrfToken: { type: "string", description: "Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE" },
    createdAt: { type: "string", format: "date-time" },
    expiresAt: { type: "string", format: "date-time", description: "The session ends then, however active" },
    idleExpiresAt: { type: "string", format: "date-time", description: "The session ends then unless used before" },
  },
} as const;

const ERROR = { $ref: "ErrorBody#" } as const;

// One message for an unknown e-mail, a wrong password, a disabled account and one without a
// password, so the answer does not tell which accounts exist.
function signInFailed(): BulwarkError {
  return new BulwarkError("BULWARK_AUTH_FAILED", "the e-mail address or password is wrong");
}

function accountLocked(reply: FastifyReply, lockedUntil: string, now: Date): BulwarkError {
  void reply.header("retry-after", String(Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 1000))));
  return new BulwarkError(
    "BULWARK_AUTH_LOCKED",
    `the account is locked until ${lockedUntil} after ${LOCKOUT.maxFailures} failed sign-ins`,
    { details: { lockedUntil } },
  );
}

function sessionInfo(user: User, session: Session) {
  return {
    user: { id: user.id, email: user.email, displayName: user.displayName },
    csrfToken: session.csrfToken,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
    idleExpiresAt: session.idleExpiresAt,
  };
}

/**
 * `/api/v1/auth`: password sign-in to a server-side session, sign-out, and the current session.
 * Sign-in is limited per client address and e-mail address (429 with Retry-After) and locks an
 * account after {@link LOCKOUT}`.maxFailures` wrong passwords in a row; every outcome is audited.
 */
export function registerAuthRoutes(
  app: FastifyInstance,
  db: ServerDb,
  clock: () => Date,
  options: AuthRouteOptions = {},
): void {
  const users = new UserRepository(db.kysely);
  const passwords = options.passwords ?? passwordVerifier();
  const byIp = new SlidingWindowLimiter(LOGIN_RATE_LIMITS.perIp);
  const byEmail = new SlidingWindowLimiter(LOGIN_RATE_LIMITS.perEmail);
  app.addSchema(SESSION_INFO_SCHEMA);

  const audit = (event: Omit<AuditEvent, "at">, now: Date) =>
    db.kysely.transaction().execute((trx) => appendAudit(trx, { at: now.toISOString(), ...event }));

  /** The failure bookkeeping for a known account: count it, lock at the limit, audit both. */
  async function failed(request: FastifyRequest, user: User, reason: string, count: boolean, now: Date) {
    return db.kysely.transaction().execute(async (trx) => {
      const lockedUntil = new Date(now.getTime() + LOCKOUT.durationMs);
      const { locked } = count
        ? await new UserRepository(trx).recordFailedLogin(user.id, LOCKOUT.maxFailures, lockedUntil)
        : { locked: false };
      const base = { at: now.toISOString(), requestId: request.id, objectType: "user", objectId: user.id };
      await appendAudit(trx, { ...base, action: "auth.login_failed", details: { reason, ip: request.ip } });
      if (!locked) return undefined;
      const until = lockedUntil.toISOString();
      await appendAudit(trx, {
        ...base,
        action: "auth.locked",
        details: { lockedUntil: until, failures: LOCKOUT.maxFailures, ip: request.ip },
      });
      return until;
    });
  }

  app.post<{ Body: { email: string; password: string } }>(
    "/api/v1/auth/login",
    {
      // Sign-in acts on no session's authority, so a stale cookie must not demand a CSRF token.
      // Login CSRF is still out: the body must be JSON, which a cross-site form cannot send.
      config: { csrf: false },
      schema: {
        tags: ["identity"],
        summary: "Sign in with e-mail and password; sets the bulwark_session cookie",
        security: [],
        body: {
          type: "object",
          required: ["email", "password"],
          additionalProperties: false,
          properties: {
            email: { type: "string", minLength: 1, maxLength: 320 },
            password: { type: "string", minLength: 1, maxLength: 1024 },
          },
        },
        response: { 200: { $ref: "AuthSession#" }, 401: ERROR, 423: ERROR, 429: ERROR },
      },
    },
    async (request, reply) => {
      const now = clock();
      const email = normaliseEmail(request.body.email);
      const { password } = request.body;
      const ipKey = request.ip;
      const wait = Math.max(byIp.retryAfterMs(ipKey, now), byEmail.retryAfterMs(email, now));
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        void reply.header("retry-after", String(seconds));
        throw new BulwarkError("BULWARK_REQUEST_RATE_LIMITED", `too many sign-in attempts; try again in ${seconds} s`, {
          details: { retryAfterSeconds: seconds },
        });
      }
      byIp.hit(ipKey, now);
      byEmail.hit(email, now);

      const user = await users.byEmail(email);
      if (user === undefined) {
        await passwords.verifyDecoy(password);
        await audit(
          {
            action: "auth.login_failed",
            requestId: request.id,
            details: { reason: "unknown_account", ip: request.ip },
          },
          now,
        );
        throw signInFailed();
      }
      // A lock holds whatever the password; checking it first keeps a locked account from
      // becoming an oracle for the right password.
      if (user.lockedUntil !== undefined && user.lockedUntil > now.toISOString()) {
        await failed(request, user, "locked", false, now);
        throw accountLocked(reply, user.lockedUntil, now);
      }
      const hash = await users.passwordHash(user.id);
      const matches =
        hash === undefined ? await passwords.verifyDecoy(password) : await passwords.verify(hash, password);
      if (!matches || user.disabled || hash === undefined) {
        // Only enabled password accounts count towards a lock: the others answer exactly as an
        // unknown e-mail does, which never locks.
        const reason = user.disabled ? "disabled" : hash === undefined ? "no_password" : "wrong_password";
        const lockedUntil = await failed(request, user, reason, reason === "wrong_password", now);
        if (lockedUntil !== undefined) throw accountLocked(reply, lockedUntil, now);
        throw signInFailed();
      }

      const previous = sessionCookieValue(request);
      const created = await db.kysely.transaction().execute(async (trx) => {
        await new UserRepository(trx).recordSuccessfulLogin(user.id);
        const sessions = new SessionRepository(trx);
        // A new id at every sign-in (no session fixation); the browser's old session ends.
        if (previous !== undefined) await sessions.delete(previous);
        const made = await sessions.create(user.id, now);
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "auth.login",
          actorUserId: user.id,
          requestId: request.id,
          objectType: "session",
          objectId: made.session.id,
          details: { method: "password", ip: request.ip },
        });
        return made;
      });
      byIp.release(ipKey, now);
      byEmail.release(email, now);
      setSessionCookie(request, reply, created, now, options);
      return sessionInfo(user, created.session);
    },
  );

  app.post(
    "/api/v1/auth/logout",
    {
      schema: {
        tags: ["identity"],
        summary: "Sign out: ends the session and clears its cookie (needs X-CSRF-Token)",
        response: { 204: { type: "null" }, 403: ERROR },
      },
    },
    async (request, reply) => {
      const session = request.browserSession;
      const value = sessionCookieValue(request);
      clearSessionCookie(request, reply, options);
      // Signing out without a live session is not an error: the cookie is cleared either way.
      if (session !== null && value !== undefined) {
        const now = clock();
        await db.kysely.transaction().execute(async (trx) => {
          await new SessionRepository(trx).delete(value);
          await appendAudit(trx, {
            at: now.toISOString(),
            action: "auth.logout",
            actorUserId: session.userId,
            requestId: request.id,
            objectType: "session",
            objectId: session.id,
          });
        });
      }
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/auth/session",
    {
      schema: {
        tags: ["identity"],
        summary: "The signed-in session, with its CSRF token (for a browser app after a reload)",
        response: { 200: { $ref: "AuthSession#" }, 401: ERROR },
      },
    },
    async (request, reply) => {
      const session = request.browserSession;
      const user = session === null ? undefined : await users.byId(session.userId);
      if (session === null || user === undefined) {
        if (sessionCookieValue(request) !== undefined) clearSessionCookie(request, reply, options);
        throw new BulwarkError("BULWARK_AUTH_REQUIRED", "there is no signed-in session", {
          hint: "Sign in with POST /api/v1/auth/login; API tokens have no session.",
        });
      }
      return sessionInfo(user, session);
    },
  );
}

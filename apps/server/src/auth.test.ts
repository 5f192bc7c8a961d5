import { ApiTokenRepository, migrateServerDb, UserRepository, verifyAuditChain } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppDeps } from "./app.ts";
import { hashPassword, type PasswordVerifier, passwordVerifier } from "./passwords.ts";
import { SESSION_COOKIE } from "./plugins/session.ts";
import { buildTestApp } from "./testing.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const SECOND = 1000;
const MINUTE = 60 * SECOND;
// Cheap argon2id so a test can sign in dozens of times; production parameters stay the default.
const CHEAP = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const PASSWORD = "correct horse battery staple";

describe.each(testDialects())("sign-in and sessions on $name", (dialect) => {
  let db: TestServerDb;
  let app: FastifyInstance;
  let now: Date;
  let decoys: number;
  let alice: string;
  const apps: FastifyInstance[] = [];

  // Counts decoy checks, to see that an unknown e-mail costs an argon2 verify too.
  const cheap = passwordVerifier(CHEAP);
  const passwords: PasswordVerifier = {
    verify: cheap.verify,
    async verifyDecoy(password) {
      decoys++;
      return cheap.verifyDecoy(password);
    },
  };

  async function build(extra: Partial<AppDeps> = {}): Promise<FastifyInstance> {
    const made = await buildTestApp(db, () => now, { passwords, ...extra });
    apps.push(made);
    return made;
  }

  async function addUser(email: string, password: string | null = PASSWORD): Promise<string> {
    const users = new UserRepository(db.kysely);
    const hash = password === null ? undefined : await hashPassword(password, CHEAP);
    return (await users.create({ email, displayName: email.split("@")[0], ...(hash && { passwordHash: hash }) }, NOW))
      .id;
  }

  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    now = NOW;
    decoys = 0;
    app = await build();
    alice = await addUser("alice@bank.example");
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    await db.dispose();
  });

  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const login = (
    email: string,
    password: string,
    opts: { remoteAddress?: string; cookie?: string; on?: FastifyInstance } = {},
  ) =>
    (opts.on ?? app).inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password },
      ...(opts.remoteAddress !== undefined && { remoteAddress: opts.remoteAddress }),
      ...(opts.cookie !== undefined && { cookies: { [SESSION_COOKIE]: opts.cookie } }),
    });
  const sessionCookie = (res: LightMyRequestResponse) =>
    res.cookies.find((c: { name: string }) => c.name === SESSION_COOKIE) as
      | { value: string; httpOnly?: boolean; sameSite?: string; path?: string; secure?: boolean; maxAge?: number }
      | undefined;
  /** Sign Alice in: her cookie value and CSRF token. */
  async function signIn(email = "alice@bank.example"): Promise<{ cookie: string; csrf: string }> {
    const res = await login(email, PASSWORD);
    expect(res.statusCode).toBe(200);
    return { cookie: sessionCookie(res)?.value as string, csrf: res.json().csrfToken };
  }
  const withSession = (cookie: string, csrf?: string) => ({
    cookies: { [SESSION_COOKIE]: cookie },
    headers: csrf === undefined ? {} : { "x-csrf-token": csrf },
  });
  const makeToken = (csrf: string | undefined, cookie: string) =>
    app.inject({ method: "POST", url: "/api/v1/tokens", payload: { name: "ci" }, ...withSession(cookie, csrf) });
  const auditActions = async () =>
    (await db.kysely.selectFrom("audit_log").select(["action", "details"]).orderBy("seq").execute()).map(
      (r) => r.action,
    );

  it("signs in with a cookie that is HttpOnly, SameSite=Strict, Path=/ and stored only as a hash", async () => {
    const res = await login(" Alice@BANK.example ", PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      user: { id: alice, email: "alice@bank.example", displayName: "alice" },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      createdAt: NOW.toISOString(),
      expiresAt: new Date(NOW.getTime() + 8 * 60 * MINUTE).toISOString(),
      idleExpiresAt: new Date(NOW.getTime() + 30 * MINUTE).toISOString(),
    });
    const raw = String(res.headers["set-cookie"]);
    expect(raw).toMatch(/^bulwark_session=[A-Za-z0-9_-]{43}; /);
    expect(raw).toContain("HttpOnly");
    expect(raw).toContain("SameSite=Strict");
    expect(raw).toContain("Path=/");
    expect(raw).toContain(`Max-Age=${8 * 60 * 60}`);
    // Plain HTTP without secureCookies or a trusted proxy: Secure would make the browser drop it.
    expect(raw).not.toContain("Secure");
    expect(raw).not.toContain("Domain");
    const cookie = sessionCookie(res)?.value as string;
    const stored = await db.kysely.selectFrom("sessions").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(cookie);
    expect(stored[0]?.csrf_token).toBe(body.csrfToken);
  });

  it("marks the cookie Secure with secureCookies, or on HTTPS a trusted proxy reports", async () => {
    const proto = { "x-forwarded-proto": "https" };
    const secureOf = async (on: FastifyInstance, headers: Record<string, string> = {}) => {
      const res = await on.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: "alice@bank.example", password: PASSWORD },
        headers,
      });
      expect(res.statusCode).toBe(200);
      return String(res.headers["set-cookie"]).includes("; Secure");
    };
    // Without trustProxy anyone could send X-Forwarded-Proto, so it is not believed.
    expect(await secureOf(app, proto)).toBe(false);
    const behindProxy = await build({ trustProxy: true });
    expect(await secureOf(behindProxy)).toBe(false);
    expect(await secureOf(behindProxy, proto)).toBe(true);
    const alwaysSecure = await build({ secureCookies: true });
    expect(await secureOf(alwaysSecure)).toBe(true);
    // Logout clears the cookie with the same attributes, else the browser would keep it.
    const res = await login("alice@bank.example", PASSWORD, { on: alwaysSecure });
    const out = await alwaysSecure.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      ...withSession(sessionCookie(res)?.value as string, res.json().csrfToken),
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(
      /^bulwark_session=; Max-Age=0; Path=\/; Expires=.*1970.*; HttpOnly; Secure; SameSite=Strict$/,
    );
  });

  it("authenticates /api/v1/me with the session and hands the CSRF token back after a reload", async () => {
    const { cookie, csrf } = await signIn();
    const me = await app.inject({ url: "/api/v1/me", ...withSession(cookie) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: alice, email: "alice@bank.example" });
    expect(me.json().token).toBeUndefined();
    advance(10 * MINUTE);
    const info = await app.inject({ url: "/api/v1/auth/session", ...withSession(cookie) });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({
      user: { id: alice },
      csrfToken: csrf,
      idleExpiresAt: new Date(now.getTime() + 30 * MINUTE).toISOString(),
    });
    const none = await app.inject({ url: "/api/v1/auth/session" });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe("BULWARK_AUTH_REQUIRED");
  });

  it("refuses unsafe requests made with the cookie unless X-CSRF-Token is the session's token", async () => {
    const { cookie, csrf } = await signIn();
    const missing = await makeToken(undefined, cookie);
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({
      code: "BULWARK_AUTH_FORBIDDEN",
      message: "POST with the session cookie needs the session's CSRF token in the X-CSRF-Token header",
      details: { header: "x-csrf-token", reason: "missing" },
    });
    const other = await signIn();
    for (const wrong of ["", "nope", other.csrf, cookie, `${csrf}x`, csrf.toUpperCase()]) {
      const res = await makeToken(wrong, cookie);
      expect(res.statusCode, wrong).toBe(403);
      expect(res.json().details.reason).toBe("mismatch");
    }
    expect(await new ApiTokenRepository(db.kysely).listForUser(alice)).toEqual([]);
    const made = await makeToken(csrf, cookie);
    expect(made.statusCode).toBe(201);
    const id = made.json().token.id;
    // Safe methods need no token; DELETE does.
    expect((await app.inject({ url: "/api/v1/tokens", ...withSession(cookie) })).json().items).toHaveLength(1);
    const del = (token?: string) =>
      app.inject({ method: "DELETE", url: `/api/v1/tokens/${id}`, ...withSession(cookie, token) });
    expect((await del()).statusCode).toBe(403);
    expect((await del(csrf)).statusCode).toBe(204);
  });

  it("needs no CSRF token for bearer tokens, even with a session cookie alongside", async () => {
    const { cookie } = await signIn();
    const { secret } = await new ApiTokenRepository(db.kysely).create(
      { userId: alice, name: "ci", scopes: ["read", "write"] },
      NOW,
    );
    const bearer = { authorization: `Bearer ${secret}` };
    const plain = await app.inject({ method: "POST", url: "/api/v1/tokens", payload: { name: "a" }, headers: bearer });
    expect(plain.statusCode).toBe(201);
    const both = await app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      payload: { name: "b" },
      headers: bearer,
      cookies: { [SESSION_COOKIE]: cookie },
    });
    expect(both.statusCode).toBe(201);
    // The token decided the request, so it is the token's, not the session's.
    const me = await app.inject({ url: "/api/v1/me", headers: bearer, cookies: { [SESSION_COOKIE]: cookie } });
    expect(me.json().token.scopes).toEqual(["read", "write"]);
  });

  it("signs out only with the CSRF token, ending the session and clearing the cookie", async () => {
    const { cookie, csrf } = await signIn();
    const logout = (token?: string) =>
      app.inject({ method: "POST", url: "/api/v1/auth/logout", ...withSession(cookie, token) });
    expect((await logout()).statusCode).toBe(403);
    expect((await app.inject({ url: "/api/v1/me", ...withSession(cookie) })).statusCode).toBe(200);
    const out = await logout(csrf);
    expect(out.statusCode).toBe(204);
    expect(sessionCookie(out)).toMatchObject({ value: "", maxAge: 0 });
    const me = await app.inject({ url: "/api/v1/me", ...withSession(cookie) });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe("BULWARK_AUTH_REQUIRED");
    const info = await app.inject({ url: "/api/v1/auth/session", ...withSession(cookie) });
    expect(info.statusCode).toBe(401);
    expect(sessionCookie(info)?.maxAge).toBe(0);
    // A dead cookie makes the request anonymous, not an error; signing out again is harmless.
    expect((await logout()).statusCode).toBe(204);
    expect((await app.inject({ url: "/healthz", ...withSession(cookie) })).statusCode).toBe(200);
    expect(await db.kysely.selectFrom("sessions").selectAll().execute()).toEqual([]);
  });

  it("gives a new session at every sign-in and ends the one the browser had", async () => {
    const first = await signIn();
    // No CSRF token needed to sign in, even with a live cookie (sign-in acts on no session's authority).
    const again = await login("alice@bank.example", PASSWORD, { cookie: first.cookie });
    expect(again.statusCode).toBe(200);
    const second = sessionCookie(again)?.value as string;
    expect(second).not.toBe(first.cookie);
    expect((await app.inject({ url: "/api/v1/me", ...withSession(first.cookie) })).statusCode).toBe(401);
    expect((await app.inject({ url: "/api/v1/me", ...withSession(second) })).statusCode).toBe(200);
    // A sign-in cannot come from a cross-site form: only JSON bodies are read.
    const form = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `email=alice%40bank.example&password=${encodeURIComponent(PASSWORD)}`,
    });
    expect(form.statusCode).toBe(415);
    const text = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "content-type": "text/plain" },
      payload: JSON.stringify({ email: "alice@bank.example", password: PASSWORD }),
    });
    expect(text.statusCode).toBe(400);
    expect(text.headers["set-cookie"]).toBeUndefined();
  });

  it("locks an account after 5 wrong passwords in a row, even to the right one, for 15 minutes", async () => {
    for (let i = 0; i < 4; i++) {
      const res = await login("alice@bank.example", `wrong-${i}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe("BULWARK_AUTH_FAILED");
    }
    const until = new Date(NOW.getTime() + 15 * MINUTE).toISOString();
    const fifth = await login("alice@bank.example", "wrong-4");
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json()).toMatchObject({ code: "BULWARK_AUTH_LOCKED", details: { lockedUntil: until } });
    expect(fifth.json().message).toContain(until);
    const right = await login("alice@bank.example", PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().details.lockedUntil).toBe(until);
    expect(right.headers["retry-after"]).toBe(String(15 * 60));
    expect(right.headers["set-cookie"]).toBeUndefined();
    advance(15 * MINUTE - SECOND);
    const almost = await login("alice@bank.example", PASSWORD);
    expect(almost.statusCode).toBe(423);
    expect(almost.headers["retry-after"]).toBe("1");
    advance(SECOND);
    expect((await login("alice@bank.example", PASSWORD)).statusCode).toBe(200);

    // Only failures in a row count: a success in between starts the count again.
    advance(MINUTE);
    for (let i = 0; i < 4; i++) expect((await login("alice@bank.example", "wrong")).statusCode).toBe(401);
    expect((await login("alice@bank.example", PASSWORD)).statusCode).toBe(200);
    advance(MINUTE);
    for (let i = 0; i < 4; i++) expect((await login("alice@bank.example", "wrong")).statusCode).toBe(401);
    expect((await login("alice@bank.example", PASSWORD)).statusCode).toBe(200);
  });

  it("answers an unknown e-mail exactly as a wrong password, after the same argon2 work", async () => {
    await addUser("sso-only@bank.example", null);
    const disabled = await addUser("gone@bank.example");
    await db.kysely.updateTable("users").set({ disabled_at: NOW.toISOString() }).where("id", "=", disabled).execute();
    const wrong = await login("alice@bank.example", "not it");
    expect(decoys).toBe(0);
    const unknown = await login("nobody@bank.example", "not it");
    expect(decoys).toBe(1);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(unknown.body).toBe(wrong.body);
    expect(wrong.json()).toMatchObject({
      code: "BULWARK_AUTH_FAILED",
      message: "the e-mail address or password is wrong",
    });
    // Accounts that cannot sign in with a password look the same, even with the right password…
    expect((await login("sso-only@bank.example", "anything")).body).toBe(wrong.body);
    expect(decoys).toBe(2);
    expect((await login("gone@bank.example", PASSWORD)).body).toBe(wrong.body);
    // …and, as unknown e-mails, never lock.
    for (let i = 0; i < 5; i++) {
      expect((await login("nobody@bank.example", "x", { remoteAddress: `10.0.0.${i}` })).body).toBe(wrong.body);
      expect((await login("gone@bank.example", "x", { remoteAddress: `10.0.1.${i}` })).body).toBe(wrong.body);
    }
  });

  it("limits sign-in attempts per client address and per e-mail with 429 and Retry-After", async () => {
    for (let i = 0; i < 10; i++) {
      expect((await login(`guess-${i}@bank.example`, "x", { remoteAddress: "203.0.113.7" })).statusCode).toBe(401);
    }
    const decoysBefore = decoys;
    const limited = await login("alice@bank.example", PASSWORD, { remoteAddress: "203.0.113.7" });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBe("60");
    expect(limited.json()).toMatchObject({ code: "BULWARK_REQUEST_RATE_LIMITED", details: { retryAfterSeconds: 60 } });
    // A limited attempt is not tried at all.
    expect(decoys).toBe(decoysBefore);
    expect((await login("alice@bank.example", PASSWORD, { remoteAddress: "203.0.113.8" })).statusCode).toBe(200);
    advance(45 * SECOND);
    const still = await login("alice@bank.example", PASSWORD, { remoteAddress: "203.0.113.7" });
    expect(still.headers["retry-after"]).toBe("15");
    advance(15 * SECOND);
    expect((await login("alice@bank.example", PASSWORD, { remoteAddress: "203.0.113.7" })).statusCode).toBe(200);

    // One e-mail address from many addresses.
    for (let i = 0; i < 10; i++) {
      expect((await login("target@bank.example", "x", { remoteAddress: `198.51.100.${i}` })).statusCode).toBe(401);
    }
    const perEmail = await login("TARGET@bank.example", "x", { remoteAddress: "198.51.100.99" });
    expect(perEmail.statusCode).toBe(429);
    expect(perEmail.headers["retry-after"]).toBe("60");

    // Successful sign-ins do not count: an office behind one address is limited only by its failures.
    for (let i = 0; i < 12; i++) {
      expect((await login("alice@bank.example", PASSWORD, { remoteAddress: "192.0.2.1" })).statusCode).toBe(200);
    }
  });

  it("refuses sessions left idle, past their absolute lifetime, or of a disabled user", async () => {
    const idle = await signIn();
    advance(30 * MINUTE);
    expect((await app.inject({ url: "/api/v1/me", ...withSession(idle.cookie) })).statusCode).toBe(401);
    // An expired cookie with an unsafe method is anonymous, not a CSRF failure.
    const post = await makeToken(undefined, idle.cookie);
    expect(post.statusCode).toBe(401);
    expect(post.json().code).toBe("BULWARK_AUTH_REQUIRED");

    const busy = await signIn();
    for (let m = 20; m < 8 * 60; m += 20) {
      advance(20 * MINUTE);
      expect((await app.inject({ url: "/api/v1/me", ...withSession(busy.cookie) })).statusCode, `${m} min`).toBe(200);
    }
    advance(20 * MINUTE);
    expect((await app.inject({ url: "/api/v1/me", ...withSession(busy.cookie) })).statusCode).toBe(401);

    const live = await signIn();
    await db.kysely.updateTable("users").set({ disabled_at: now.toISOString() }).where("id", "=", alice).execute();
    expect((await app.inject({ url: "/api/v1/me", ...withSession(live.cookie) })).statusCode).toBe(401);
  });

  it("audits sign-ins, failures, locks and sign-outs in a chain that verifies, without passwords", async () => {
    await login("nobody@bank.example", "secret-guess-0");
    for (let i = 1; i <= 5; i++) await login("alice@bank.example", `secret-guess-${i}`);
    await login("alice@bank.example", PASSWORD);
    advance(15 * MINUTE);
    const { cookie, csrf } = await signIn();
    await app.inject({ method: "POST", url: "/api/v1/auth/logout", ...withSession(cookie, csrf) });
    expect(await auditActions()).toEqual([
      "auth.login_failed",
      ...Array(5).fill("auth.login_failed"),
      "auth.locked",
      "auth.login_failed",
      "auth.login",
      "auth.logout",
    ]);
    const rows = await db.kysely.selectFrom("audit_log").selectAll().orderBy("seq").execute();
    const reasons = rows.map((r) => JSON.parse(r.details).reason).filter((r) => r !== undefined);
    expect(reasons).toEqual(["unknown_account", ...Array(5).fill("wrong_password"), "locked"]);
    expect(rows.find((r) => r.action === "auth.locked")).toMatchObject({
      object_id: alice,
      details: JSON.stringify({
        lockedUntil: new Date(NOW.getTime() + 15 * MINUTE).toISOString(),
        failures: 5,
        ip: "127.0.0.1",
      }),
    });
    const signedIn = rows.find((r) => r.action === "auth.login");
    expect(signedIn).toMatchObject({ actor_user_id: alice, object_type: "session" });
    expect(rows.find((r) => r.action === "auth.logout")?.object_id).toBe(signedIn?.object_id);
    const all = JSON.stringify(rows);
    expect(all).not.toContain("secret-guess");
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(cookie);
    expect(all).not.toContain(csrf);
    expect(await verifyAuditChain(db.kysely)).toEqual({ ok: true, entries: 10, head: rows.at(-1)?.hash });
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateServerDb } from "../migrate.ts";
import { type TestServerDb, testDialects } from "../testing.ts";
import { hashSessionId, SessionRepository } from "./sessions.ts";
import { UserRepository } from "./users.ts";

const NOW = new Date("2026-12-02T12:00:00Z");
const MINUTE = 60_000;
const later = (ms: number) => new Date(NOW.getTime() + ms);
const POLICY = { idleTimeoutMs: 30 * MINUTE, absoluteLifetimeMs: 120 * MINUTE };

describe.each(testDialects())("session repository on $name", (dialect) => {
  let db: TestServerDb;
  let sessions: SessionRepository;
  let alice: string;
  let bob: string;
  beforeEach(async () => {
    db = await dialect.open();
    await migrateServerDb(db);
    sessions = new SessionRepository(db.kysely, POLICY);
    const users = new UserRepository(db.kysely);
    alice = (await users.create({ email: "alice@bank.example" }, NOW)).id;
    bob = (await users.create({ email: "bob@utility.example" }, NOW)).id;
  });
  afterEach(() => db.dispose());

  it("stores only a hash of a random 256-bit id, with its own random CSRF token", async () => {
    const a = await sessions.create(alice, NOW);
    const b = await sessions.create(alice, NOW);
    expect(a.cookieValue).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.cookieValue, "base64url")).toHaveLength(32);
    expect(a.cookieValue).not.toBe(b.cookieValue);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
    expect(a.session.csrfToken).not.toBe(a.cookieValue);
    expect(a.session).toEqual({
      id: hashSessionId(a.cookieValue),
      userId: alice,
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      createdAt: NOW.toISOString(),
      expiresAt: later(120 * MINUTE).toISOString(),
      lastSeenAt: NOW.toISOString(),
      idleExpiresAt: later(30 * MINUTE).toISOString(),
    });
    const rows = await db.kysely.selectFrom("sessions").selectAll().execute();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(a.cookieValue);
    expect(JSON.stringify(rows)).not.toContain(b.cookieValue);
  });

  it("finds a live session and slides its idle timeout, but not its absolute expiry", async () => {
    const { cookieValue, session } = await sessions.create(alice, NOW);
    const seen = await sessions.find(cookieValue, later(20 * MINUTE));
    expect(seen).toMatchObject({
      id: session.id,
      csrfToken: session.csrfToken,
      lastSeenAt: later(20 * MINUTE).toISOString(),
      idleExpiresAt: later(50 * MINUTE).toISOString(),
      expiresAt: session.expiresAt,
    });
    // Used every 20 minutes, it outlives the 30-minute idle timeout…
    for (const m of [40, 60, 80, 100]) expect(await sessions.find(cookieValue, later(m * MINUTE))).toBeDefined();
    // …with its idle end capped by the absolute one…
    expect((await sessions.find(cookieValue, later(110 * MINUTE)))?.idleExpiresAt).toBe(session.expiresAt);
    // …and not past the absolute lifetime, which also deletes it.
    expect(await sessions.find(cookieValue, later(120 * MINUTE))).toBeUndefined();
    expect(await db.kysely.selectFrom("sessions").selectAll().execute()).toEqual([]);
  });

  it("refuses a session left idle, unknown values and malformed ones", async () => {
    const { cookieValue } = await sessions.create(alice, NOW);
    expect(await sessions.find(cookieValue, later(29 * MINUTE))).toBeDefined();
    expect(await sessions.find(cookieValue, later(58 * MINUTE))).toBeDefined();
    // Exactly 30 minutes unused is too long.
    expect(await sessions.find(cookieValue, later(88 * MINUTE))).toBeUndefined();
    const other = await sessions.create(alice, NOW);
    // The first character, changed for sure: the last one of 32 bytes in base64url carries two
    // padding bits a decoder ignores, so changing it may leave the same bytes.
    const tampered = `${other.cookieValue.startsWith("A") ? "B" : "A"}${other.cookieValue.slice(1)}`;
    expect(await sessions.find(tampered, NOW)).toBeUndefined();
    expect(await sessions.find("", NOW)).toBeUndefined();
    expect(await sessions.find("'; DROP TABLE sessions; --", NOW)).toBeUndefined();
    expect(await sessions.find(hashSessionId(other.cookieValue), NOW)).toBeUndefined();
    expect(await sessions.find(other.cookieValue, NOW)).toBeDefined();
  });

  it("signs out one session, all of a user's (optionally but one), and purges ended ones", async () => {
    const a1 = await sessions.create(alice, NOW);
    const a2 = await sessions.create(alice, NOW);
    const a3 = await sessions.create(alice, NOW);
    const b1 = await sessions.create(bob, NOW);
    expect(await sessions.delete(a1.cookieValue)).toBe(true);
    expect(await sessions.delete(a1.cookieValue)).toBe(false);
    expect(await sessions.delete("not-a-session")).toBe(false);
    expect(await sessions.find(a1.cookieValue, NOW)).toBeUndefined();

    expect(await sessions.deleteForUser(alice, a3.session.id)).toBe(1);
    expect(await sessions.find(a2.cookieValue, NOW)).toBeUndefined();
    expect(await sessions.find(a3.cookieValue, NOW)).toBeDefined();
    expect(await sessions.deleteForUser(alice)).toBe(1);
    expect(await sessions.find(a3.cookieValue, NOW)).toBeUndefined();
    expect(await sessions.find(b1.cookieValue, NOW)).toBeDefined();

    // Bob's first session goes idle; his second is used until it reaches its absolute end.
    const b2 = await sessions.create(bob, later(20 * MINUTE));
    expect(await sessions.purgeExpired(later(40 * MINUTE))).toBe(1);
    for (const m of [40, 60, 80, 100, 119]) await sessions.find(b2.cookieValue, later(m * MINUTE));
    const b3 = await sessions.create(bob, later(115 * MINUTE));
    expect(await sessions.purgeExpired(later(119 * MINUTE))).toBe(0);
    expect(await sessions.purgeExpired(later(140 * MINUTE))).toBe(1);
    const left = await db.kysely.selectFrom("sessions").select("id_hash").execute();
    expect(left.map((r) => r.id_hash)).toEqual([b3.session.id]);
  });

  it("goes with its user", async () => {
    const { cookieValue } = await sessions.create(bob, NOW);
    await db.kysely.deleteFrom("users").where("id", "=", bob).execute();
    expect(await sessions.find(cookieValue, NOW)).toBeUndefined();
  });
});

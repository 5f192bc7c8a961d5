import { randomUUID } from "node:crypto";
import { BulwarkError } from "@bulwark/core";
import type { Kysely, Selectable } from "kysely";
import type { ServerSchema, UsersTable } from "../schema.ts";

/** A user as the server reads it (never the password hash). */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly createdAt: string;
  readonly disabled: boolean;
  readonly lockedUntil?: string;
}

/** A user's role in one organisation. */
export interface Membership {
  readonly orgId: string;
  readonly role: string;
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    createdAt: row.created_at,
    disabled: row.disabled_at !== null,
    ...(row.locked_until !== null && { lockedUntil: row.locked_until }),
  };
}

/** E-mail addresses compare case-insensitively; they are stored lower-cased and trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Users, their organisation memberships and platform roles, and sign-in bookkeeping. */
export class UserRepository {
  readonly #db: Kysely<ServerSchema>;

  constructor(db: Kysely<ServerSchema>) {
    this.#db = db;
  }

  /** Create a user; `passwordHash` is an argon2id PHC string made by the caller (or none). */
  async create(input: { email: string; displayName?: string; passwordHash?: string }, now: Date): Promise<User> {
    const email = normaliseEmail(input.email);
    if ((await this.byEmail(email)) !== undefined) {
      throw new BulwarkError("BULWARK_OBJECT_CONFLICT", `a user with e-mail ${email} exists`);
    }
    const row = {
      id: randomUUID(),
      email,
      display_name: input.displayName ?? email,
      password_hash: input.passwordHash ?? null,
      created_at: now.toISOString(),
      disabled_at: null,
      failed_logins: 0,
      locked_until: null,
    };
    await this.#db.insertInto("users").values(row).execute();
    return toUser(row);
  }

  /** By id. */
  async byId(id: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toUser(row);
  }

  /** By e-mail (any case). */
  async byEmail(email: string): Promise<User | undefined> {
    const row = await this.#db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", normaliseEmail(email))
      .executeTakeFirst();
    return row && toUser(row);
  }

  /** The stored password hash, for sign-in only. */
  async passwordHash(userId: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
    return row?.password_hash ?? undefined;
  }

  /**
   * Replace the user's password (an argon2id PHC string made by the caller) and clear failed
   * sign-ins and any lock, so the new password works at once. False when there is no such user.
   */
  async setPasswordHash(userId: string, passwordHash: string): Promise<boolean> {
    const r = await this.#db
      .updateTable("users")
      .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
      .where("id", "=", userId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Count a failed sign-in; after `maxFailures` in a row the account locks until `lockUntil`. */
  async recordFailedLogin(userId: string, maxFailures: number, lockUntil: Date): Promise<{ locked: boolean }> {
    const row = await this.#db
      .updateTable("users")
      .set((eb) => ({ failed_logins: eb("failed_logins", "+", 1) }))
      .where("id", "=", userId)
      .returning("failed_logins")
      .executeTakeFirst();
    const locked = (row?.failed_logins ?? 0) >= maxFailures;
    if (locked) {
      await this.#db
        .updateTable("users")
        .set({ locked_until: lockUntil.toISOString(), failed_logins: 0 })
        .where("id", "=", userId)
        .execute();
    }
    return { locked };
  }

  /** A successful sign-in clears the failure count and any lock. */
  async recordSuccessfulLogin(userId: string): Promise<void> {
    await this.#db
      .updateTable("users")
      .set({ failed_logins: 0, locked_until: null })
      .where("id", "=", userId)
      .execute();
  }

  /** Give the user a role in an organisation (replacing any role they had there). */
  async setMembership(userId: string, orgId: string, role: string, now: Date): Promise<void> {
    await this.#db.deleteFrom("memberships").where("user_id", "=", userId).where("org_id", "=", orgId).execute();
    await this.#db
      .insertInto("memberships")
      .values({ user_id: userId, org_id: orgId, role, created_at: now.toISOString() })
      .execute();
  }

  /** Remove the user from an organisation. */
  async removeMembership(userId: string, orgId: string): Promise<void> {
    await this.#db.deleteFrom("memberships").where("user_id", "=", userId).where("org_id", "=", orgId).execute();
  }

  /** The user's organisations and roles, by organisation id. */
  async memberships(userId: string): Promise<Membership[]> {
    const rows = await this.#db
      .selectFrom("memberships")
      .select(["org_id", "role"])
      .where("user_id", "=", userId)
      .orderBy("org_id")
      .execute();
    return rows.map((r) => ({ orgId: r.org_id, role: r.role }));
  }

  /** Grant a platform role (idempotent). */
  async grantPlatformRole(userId: string, role: string, now: Date): Promise<void> {
    const has = await this.#db
      .selectFrom("platform_roles")
      .select("role")
      .where("user_id", "=", userId)
      .where("role", "=", role)
      .executeTakeFirst();
    if (has === undefined) {
      await this.#db
        .insertInto("platform_roles")
        .values({ user_id: userId, role, granted_at: now.toISOString() })
        .execute();
    }
  }

  /** The user's platform roles, sorted. */
  async platformRoles(userId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom("platform_roles")
      .select("role")
      .where("user_id", "=", userId)
      .orderBy("role")
      .execute();
    return rows.map((r) => r.role);
  }

  /** The users holding a platform role, by e-mail. */
  async withPlatformRole(role: string): Promise<User[]> {
    const rows = await this.#db
      .selectFrom("users")
      .innerJoin("platform_roles", "platform_roles.user_id", "users.id")
      .selectAll("users")
      .where("platform_roles.role", "=", role)
      .orderBy("users.email")
      .execute();
    return rows.map(toUser);
  }

  /** How many users there are (a fresh server has none and creates its first admin). */
  async count(): Promise<number> {
    const row = await this.#db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

import { randomBytes } from "node:crypto";
import { ApiTokenRepository, appendAudit, lockAuditHead, type ServerDb, UserRepository } from "@bulwark/db";
import { hashPassword } from "./passwords.ts";

/** The first administrator's one-time credentials. */
export interface BootstrapResult {
  readonly email: string;
  readonly password: string;
  /** An admin API token (all scopes). */
  readonly token: string;
}

/**
 * Create the first administrator: a user with the platform roles admin and coordinator, a random
 * password and an admin API token, all recorded in the audit log. Only on a database with no
 * users (a second call is a BULWARK_OBJECT_CONFLICT), so a running server can never be taken over by it.
 */
export async function bootstrapAdmin(db: ServerDb, email: string, now: Date): Promise<BootstrapResult | undefined> {
  const password = randomBytes(18).toString("base64url");
  const passwordHash = await hashPassword(password);
  return db.kysely.transaction().execute(async (trx) => {
    // Locked before counting: two servers starting at once on an empty database make one admin.
    await lockAuditHead(trx);
    const users = new UserRepository(trx);
    if ((await users.count()) > 0) return undefined;
    const user = await users.create({ email, displayName: "Administrator", passwordHash }, now);
    await users.grantPlatformRole(user.id, "admin", now);
    await users.grantPlatformRole(user.id, "coordinator", now);
    const token = await new ApiTokenRepository(trx).create(
      { userId: user.id, name: "bootstrap", scopes: ["admin", "read", "write"] },
      now,
    );
    await appendAudit(trx, {
      at: now.toISOString(),
      action: "admin.bootstrap",
      actorUserId: user.id,
      objectType: "user",
      objectId: user.id,
      details: { email: user.email, platformRoles: ["admin", "coordinator"], tokenPrefix: token.token.prefix },
    });
    return { email: user.email, password, token: token.secret };
  });
}

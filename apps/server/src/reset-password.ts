import { randomBytes } from "node:crypto";
import { BulwarkError } from "@bulwark/core";
import { appendAudit, type ServerDb, SessionRepository, UserRepository } from "@bulwark/db";
import { hashPassword } from "./passwords.ts";

/** A user's new one-time password. */
export interface PasswordReset {
  readonly email: string;
  readonly password: string;
  /** Sessions ended because they were signed in with the old password. */
  readonly sessionsEnded: number;
}

/**
 * Give a user a new random password (from the machine the server runs on, for a lost admin
 * password): the failed-sign-in count and any lock are cleared, the user's sessions end, and the
 * reset is in the audit log (never the password). An unknown e-mail is BULWARK_OBJECT_NOT_FOUND.
 */
export async function resetPassword(db: ServerDb, email: string, now: Date): Promise<PasswordReset> {
  const user = await new UserRepository(db.kysely).byEmail(email);
  if (user === undefined) {
    throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no user with e-mail ${email.trim().toLowerCase()}`, {
      hint: "Check the address; `bulwark admin bootstrap` creates the first administrator of an empty database.",
    });
  }
  const password = randomBytes(18).toString("base64url");
  const passwordHash = await hashPassword(password);
  const sessionsEnded = await db.kysely.transaction().execute(async (trx) => {
    await new UserRepository(trx).setPasswordHash(user.id, passwordHash);
    const ended = await new SessionRepository(trx).deleteForUser(user.id);
    await appendAudit(trx, {
      at: now.toISOString(),
      action: "user.password-reset",
      objectType: "user",
      objectId: user.id,
      details: { email: user.email, sessionsEnded: ended, via: "cli" },
    });
    return ended;
  });
  return { email: user.email, password, sessionsEnded };
}

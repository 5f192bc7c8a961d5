import { randomBytes } from "node:crypto";
import argon2 from "argon2";

/** argon2id cost parameters (memory in KiB). */
export interface Argon2Parameters {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

// argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane) raised to 64 MiB and
// 3 iterations: a sign-in costs ~50 ms here, which rate limiting keeps from becoming a lever.
/** The parameters every password is hashed with unless a caller (a test) chooses cheaper ones. */
export const PASSWORD_HASH_PARAMETERS: Argon2Parameters = { memoryCost: 65_536, timeCost: 3, parallelism: 1 };

/** An argon2id PHC string for a password. */
export function hashPassword(
  password: string,
  parameters: Argon2Parameters = PASSWORD_HASH_PARAMETERS,
): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...parameters });
}

/** Whether the password matches the PHC string (false for a malformed hash, never a throw). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Password checks for sign-in, including the decoy check that hides whether an account exists. */
export interface PasswordVerifier {
  /** Whether the password matches the PHC string. */
  verify(hash: string, password: string): Promise<boolean>;
  /**
   * The work of one `verify` against a hash no password matches, for an unknown e-mail (or an
   * account without a password): without it, "no such user" would answer measurably faster.
   */
  verifyDecoy(password: string): Promise<false>;
}

/**
 * A verifier whose decoy hash is made with `parameters` (production's by default), so it costs
 * what checking a real password hashed with them costs. The decoy is made on first use.
 */
export function passwordVerifier(parameters: Argon2Parameters = PASSWORD_HASH_PARAMETERS): PasswordVerifier {
  let decoy: Promise<string> | undefined;
  return {
    verify: verifyPassword,
    async verifyDecoy(password) {
      decoy ??= hashPassword(randomBytes(32).toString("base64url"), parameters);
      await verifyPassword(await decoy, password);
      return false;
    },
  };
}

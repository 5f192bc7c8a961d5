import argon2 from "argon2";

// argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane) raised to 64 MiB and
// 3 iterations: a sign-in costs ~50 ms here, which rate limiting keeps from becoming a lever.
const OPTIONS = { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;

/** An argon2id PHC string for a password. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/** Whether the password matches the PHC string (false for a malformed hash, never a throw). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

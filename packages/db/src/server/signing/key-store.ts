import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { BulwarkError, SIGNATURE_ALGORITHM, signingKeyId } from "@bulwark/core";
import { appendAudit, lockAuditHead } from "../audit-log.ts";
import type { ServerDb } from "../connect.ts";
import { seal, unseal } from "./seal.ts";
import { ServerSigner } from "./signer.ts";

/** The public half of the signing key in use: what anyone may fetch. */
export interface PublicSigningKey {
  readonly keyId: string;
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  /** SPKI PEM. */
  readonly publicKey: string;
  readonly createdAt: string;
}

/** The key in use (the newest one not retired), public half only; undefined before the first start. */
export async function currentSigningKey(db: Pick<ServerDb, "kysely">): Promise<PublicSigningKey | undefined> {
  const row = await db.kysely
    .selectFrom("signing_keys")
    .select(["id", "public_key", "created_at"])
    .where("retired_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { keyId: row.id, algorithm: SIGNATURE_ALGORITHM, publicKey: row.public_key, createdAt: row.created_at };
}

/**
 * The clearinghouse's signing key, created on first use: one Ed25519 key pair for every node, its
 * private half stored encrypted under `masterKey`. Idempotent, and safe when nodes race: the
 * check and the insert run under the audit chain's lock, so exactly one key is created (and
 * audited); the others read it. A master key that cannot decrypt it is BULWARK_SIGNING_KEY_UNREADABLE.
 */
export async function ensureSigningKey(db: ServerDb, masterKey: Uint8Array, now: Date): Promise<ServerSigner> {
  // Generated before the transaction (cheap), so the lock is held only for the read and the insert.
  const pair = generateKeyPairSync("ed25519");
  const publicKey = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
  const keyId = signingKeyId(pair.publicKey);
  const sealed = seal(pair.privateKey.export({ type: "pkcs8", format: "der" }), masterKey, keyId);
  const row = await db.kysely.transaction().execute(async (trx) => {
    await lockAuditHead(trx);
    const existing = await trx
      .selectFrom("signing_keys")
      .selectAll()
      .where("retired_at", "is", null)
      .orderBy("created_at", "desc")
      .orderBy("id")
      .executeTakeFirst();
    if (existing !== undefined) return existing;
    const fresh = {
      id: keyId,
      algorithm: SIGNATURE_ALGORITHM,
      public_key: publicKey,
      private_key_encrypted: sealed,
      created_at: now.toISOString(),
      retired_at: null,
    };
    await trx.insertInto("signing_keys").values(fresh).execute();
    await appendAudit(trx, {
      at: fresh.created_at,
      action: "signing-key.create",
      objectType: "signing-key",
      objectId: keyId,
      details: { algorithm: SIGNATURE_ALGORITHM, keyId },
    });
    return fresh;
  });
  if (row.algorithm !== SIGNATURE_ALGORITHM) {
    throw new BulwarkError("BULWARK_SIGNING_KEY_UNREADABLE", `signing key ${row.id} is ${row.algorithm}, not Ed25519`);
  }
  const der = unseal(row.private_key_encrypted, masterKey, row.id);
  const privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  der.fill(0);
  // The public half served to everyone must be the one this private key signs for.
  if (signingKeyId(createPublicKey(privateKey)) !== row.id) {
    throw new BulwarkError(
      "BULWARK_SIGNING_KEY_UNREADABLE",
      `signing key ${row.id}: its private half does not match its id`,
    );
  }
  return new ServerSigner(row.id, row.public_key, row.created_at, privateKey);
}

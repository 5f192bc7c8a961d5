import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { BulwarkError } from "@bulwark/core";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypt a secret with AES-256-GCM under the master key: base64 of iv ‖ tag ‖ ciphertext. `label`
 * (the key id) is bound as associated data, so a sealed value copied into another row fails to open.
 */
export function seal(secret: Uint8Array, masterKey: Uint8Array, label: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", masterKey, iv);
  cipher.setAAD(Buffer.from(label, "utf8"));
  const body = Buffer.concat([cipher.update(secret), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** Decrypt what {@link seal} made; a wrong master key or a changed value is BULWARK_SIGNING_KEY_UNREADABLE. */
export function unseal(sealed: string, masterKey: Uint8Array, label: string): Buffer {
  const raw = Buffer.from(sealed, "base64");
  try {
    if (raw.length <= IV_BYTES + TAG_BYTES) throw new Error("too short");
    const decipher = createDecipheriv("aes-256-gcm", masterKey, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(label, "utf8"));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (e) {
    throw new BulwarkError(
      "BULWARK_SIGNING_KEY_UNREADABLE",
      `signing key ${label} cannot be decrypted: the master key is not the one it was created with, or the stored key was changed`,
      { cause: e, details: { keyId: label } },
    );
  }
}

import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";
import { BulwarkError } from "./errors.ts";

// Detached signatures of files the clearinghouse distributes (patch artifacts, bulletins). This
// module only verifies, with node:crypto and a public key, so the CLI can check a download
// without the server's database or any dependency; signing lives with the key, on the server.

/** The one signature algorithm: Ed25519 over the exact bytes of the file. */
export const SIGNATURE_ALGORITHM = "ed25519";

/** A detached signature, stored next to the file as JSON (`<file>.sig`). */
export interface SignatureDocument {
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  /** {@link signingKeyId} of the key that signed. */
  readonly keyId: string;
  /** SHA-256 of the file, lower-case hex: a quick check and the blob's name. */
  readonly sha256: string;
  /** The Ed25519 signature of the file's bytes, base64. */
  readonly signature: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function invalid(message: string, details: Record<string, unknown> = {}): BulwarkError {
  return new BulwarkError("BULWARK_SIGNATURE_INVALID", message, { details });
}

/** An Ed25519 public key from SPKI PEM text; anything else is BULWARK_SIGNATURE_INVALID. */
export function ed25519PublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch (e) {
    throw invalid(`not a public key in PEM form: ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== "ed25519") throw invalid(`the key is ${key.asymmetricKeyType}, not Ed25519`);
  return key;
}

/**
 * A key's id: the first 32 hex digits of SHA-256 over its SPKI DER encoding. Derived from the key
 * itself, so anyone holding the public key can tell whether a signature names it.
 */
export function signingKeyId(publicKey: KeyObject | string): string {
  const key = typeof publicKey === "string" ? ed25519PublicKey(publicKey) : publicKey;
  return createHash("sha256")
    .update(key.export({ type: "spki", format: "der" }))
    .digest("hex")
    .slice(0, 32);
}

/** Parse a signature document's JSON text; a malformed one is BULWARK_SIGNATURE_INVALID. */
export function parseSignatureDocument(text: string): SignatureDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw invalid(`the signature is not JSON: ${(e as Error).message}`);
  }
  const d = doc as Record<string, unknown>;
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw invalid("the signature is not a JSON object");
  if (d.algorithm !== SIGNATURE_ALGORITHM) throw invalid(`unknown signature algorithm ${JSON.stringify(d.algorithm)}`);
  if (typeof d.keyId !== "string" || d.keyId === "") throw invalid("the signature names no keyId");
  if (typeof d.sha256 !== "string" || !HEX64.test(d.sha256))
    throw invalid("the signature's sha256 is not 64 hex digits");
  if (typeof d.signature !== "string" || !BASE64.test(d.signature)) throw invalid("the signature is not base64");
  return { algorithm: SIGNATURE_ALGORITHM, keyId: d.keyId, sha256: d.sha256, signature: d.signature };
}

/**
 * Check a file against its detached signature and a public key (SPKI PEM). Returns the key id on
 * success; throws BULWARK_SIGNATURE_INVALID naming what differs: the file's hash, the key, or the
 * signature itself (a changed byte anywhere in the file or the signature fails here).
 */
export function verifyDetachedSignature(
  file: Uint8Array,
  doc: SignatureDocument,
  publicKeyPem: string,
): { readonly keyId: string; readonly sha256: string } {
  const key = ed25519PublicKey(publicKeyPem);
  const keyId = signingKeyId(key);
  const sha256 = createHash("sha256").update(file).digest("hex");
  if (sha256 !== doc.sha256) {
    throw invalid(`the file's SHA-256 is ${sha256}, the signature is for ${doc.sha256}: the file was changed`, {
      expected: doc.sha256,
      actual: sha256,
    });
  }
  if (doc.keyId !== keyId) {
    throw invalid(`the file was signed by key ${doc.keyId}, not by the given key ${keyId}`, {
      signedBy: doc.keyId,
      given: keyId,
    });
  }
  const signature = Buffer.from(doc.signature, "base64");
  if (signature.length !== 64 || !verify(null, file, key, signature)) {
    throw invalid(`the Ed25519 signature does not match the file under key ${keyId}: the signature was changed`, {
      keyId,
    });
  }
  return { keyId, sha256 };
}

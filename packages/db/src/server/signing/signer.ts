import { createHash, type KeyObject, sign } from "node:crypto";
import { SIGNATURE_ALGORITHM, type SignatureDocument } from "@bulwark/core";

/** The server's signing key, decrypted and ready: signs files the clearinghouse distributes. */
export class ServerSigner {
  readonly #privateKey: KeyObject;

  constructor(
    /** `signingKeyId` of the public key. */
    readonly keyId: string,
    /** SPKI PEM, as `/.well-known/bulwark-signing-key` serves it. */
    readonly publicKeyPem: string,
    /** When the key pair was created (ISO). */
    readonly createdAt: string,
    privateKey: KeyObject,
  ) {
    this.#privateKey = privateKey;
  }

  /** A detached signature of `file`'s exact bytes (checked with `verifyDetachedSignature`, `bulwark verify`). */
  sign(file: Uint8Array): SignatureDocument {
    return {
      algorithm: SIGNATURE_ALGORITHM,
      keyId: this.keyId,
      sha256: createHash("sha256").update(file).digest("hex"),
      signature: sign(null, file, this.#privateKey).toString("base64"),
    };
  }
}

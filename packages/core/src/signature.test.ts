import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSignatureDocument, type SignatureDocument, signingKeyId, verifyDetachedSignature } from "./signature.ts";

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { privateKey, pem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

function signed(file: Buffer, k: ReturnType<typeof keyPair>): SignatureDocument {
  return {
    algorithm: "ed25519",
    keyId: signingKeyId(k.pem),
    sha256: createHash("sha256").update(file).digest("hex"),
    signature: sign(null, file, k.privateKey).toString("base64"),
  };
}

describe("detached signatures", () => {
  const k = keyPair();
  const file = Buffer.from("patch bytes\n");

  it("accepts the file it was made for and names the key", () => {
    expect(verifyDetachedSignature(file, signed(file, k), k.pem)).toEqual({
      keyId: signingKeyId(k.pem),
      sha256: createHash("sha256").update(file).digest("hex"),
    });
    expect(signingKeyId(k.pem)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("rejects a changed file, a changed signature and another key, each with its reason", () => {
    const doc = signed(file, k);
    expect(() => verifyDetachedSignature(Buffer.from("patch bytes!"), doc, k.pem)).toThrow(/file was changed/);
    const sig = Buffer.from(doc.signature, "base64");
    sig[0] = (sig[0] as number) ^ 1;
    expect(() => verifyDetachedSignature(file, { ...doc, signature: sig.toString("base64") }, k.pem)).toThrow(
      /signature was changed/,
    );
    expect(() => verifyDetachedSignature(file, doc, keyPair().pem)).toThrow(/not by the given key/);
    // A signature that claims the other key's id still fails on the signature itself.
    const other = keyPair();
    expect(() => verifyDetachedSignature(file, { ...doc, keyId: signingKeyId(other.pem) }, other.pem)).toThrow(
      expect.objectContaining({ code: "BULWARK_SIGNATURE_INVALID" }),
    );
  });

  it("refuses malformed signature documents and keys that are not Ed25519 public keys", () => {
    for (const text of ["", "[]", '{"algorithm":"rsa"}', '{"algorithm":"ed25519","keyId":"k","sha256":"xx"}']) {
      expect(() => parseSignatureDocument(text)).toThrow(
        expect.objectContaining({ code: "BULWARK_SIGNATURE_INVALID" }),
      );
    }
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" });
    expect(() => verifyDetachedSignature(file, signed(file, k), rsa.toString())).toThrow(/not Ed25519/);
    expect(() => verifyDetachedSignature(file, signed(file, k), "garbage")).toThrow(
      expect.objectContaining({ code: "BULWARK_SIGNATURE_INVALID" }),
    );
  });
});

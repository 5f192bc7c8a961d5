import { describe, expect, it } from "vitest";
import { verifyBytes } from "./verify-artifact.ts";

const toBase64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const toHex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

async function signed(content: string) {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const der = await crypto.subtle.exportKey("spki", pair.publicKey);
  const pem = `-----BEGIN PUBLIC KEY-----\n${toBase64(der)}\n-----END PUBLIC KEY-----\n`;
  const file = new TextEncoder().encode(content).buffer as ArrayBuffer;
  const keyId = toHex(await crypto.subtle.digest("SHA-256", der)).slice(0, 32);
  const doc = {
    algorithm: "ed25519",
    keyId,
    sha256: toHex(await crypto.subtle.digest("SHA-256", file)),
    signature: toBase64(await crypto.subtle.sign({ name: "Ed25519" }, pair.privateKey, file)),
  };
  return { pem, file, doc, keyId };
}

describe("verifyBytes", () => {
  it("accepts the signed bytes and names the key", async () => {
    const { pem, file, doc, keyId } = await signed("patch v1.2.3\n");
    expect(await verifyBytes(file, doc, pem)).toEqual({ ok: true, keyId, sha256: doc.sha256 });
  });

  it("refuses a changed file by its hash", async () => {
    const { pem, doc } = await signed("patch v1.2.3\n");
    const changed = new TextEncoder().encode("patch v1.2.4\n").buffer as ArrayBuffer;
    expect(await verifyBytes(changed, doc, pem)).toMatchObject({ ok: false, reason: "hash" });
  });

  it("refuses a changed signature", async () => {
    const { pem, file, doc } = await signed("patch");
    const bytes = Uint8Array.from(atob(doc.signature), (c) => c.charCodeAt(0));
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    const signature = btoa(String.fromCharCode(...bytes));
    expect(await verifyBytes(file, { ...doc, signature }, pem)).toMatchObject({ ok: false, reason: "signature" });
  });

  it("refuses a signature made by another key", async () => {
    const a = await signed("patch");
    const b = await signed("patch");
    expect(await verifyBytes(a.file, a.doc, b.pem)).toMatchObject({ ok: false, reason: "key" });
  });

  it("refuses a malformed signature document or key", async () => {
    const { pem, file, doc } = await signed("patch");
    expect(await verifyBytes(file, { ...doc, algorithm: "rsa" }, pem)).toMatchObject({ reason: "malformed" });
    expect(await verifyBytes(file, doc, "not a key")).toMatchObject({ reason: "malformed" });
  });
});

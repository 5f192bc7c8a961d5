/**
 * Checks a patch artifact in the browser the way `bulwark verify` does in Node (packages/core
 * signature.ts): the file's SHA-256 against its detached signature document, the signing key's id
 * (the first 32 hex digits of SHA-256 over the key's SPKI DER, computed here from the key itself),
 * and the Ed25519 signature over the file's exact bytes, with WebCrypto.
 *
 * The file, its signature and the public key all come from this server, so a valid result proves
 * the bytes are the ones the clearinghouse signed (nothing changed them in storage or on the way);
 * the key's fingerprint is shown so it can be compared with one obtained another way.
 */

/** What the check found: valid with the key's fingerprint, or why not. */
export type VerifyResult =
  | { readonly ok: true; readonly keyId: string; readonly sha256: string }
  | {
      readonly ok: false;
      /** unsupported: this browser's WebCrypto has no Ed25519; the others say what failed. */
      readonly reason: "unsupported" | "download" | "malformed" | "hash" | "key" | "signature";
      readonly message: string;
    };

/** Where the artifact, its signature document and the public key are read. */
export interface ArtifactUrls {
  readonly url: string;
  readonly signatureUrl: string;
  /** Defaults to the server's /.well-known/bulwark-signing-key. */
  readonly keyUrl?: string;
}

/** The signature document of an artifact (`<file>.sig`). */
interface SignatureDocument {
  readonly algorithm: string;
  readonly keyId: string;
  readonly sha256: string;
  readonly signature: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

class Failure extends Error {
  constructor(
    readonly reason: Exclude<VerifyResult, { ok: true }>["reason"],
    message: string,
  ) {
    super(message);
  }
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The DER bytes of a PEM "PUBLIC KEY" (SPKI) block. */
export function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  const match = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/.exec(pem);
  const body = match?.[1]?.replace(/\s+/g, "") ?? "";
  if (body === "" || !BASE64.test(body))
    throw new Failure("malformed", "the server's public key is not a PEM public key");
  return base64Bytes(body);
}

async function fetchOk(url: string, what: string, accept?: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", ...(accept !== undefined && { headers: { accept } }) });
  } catch (e) {
    throw new Failure("download", `could not download the ${what}: ${(e as Error).message}`);
  }
  if (!response.ok)
    throw new Failure("download", `could not download the ${what}: the server answered ${response.status}`);
  return response;
}

function readSignature(json: unknown): SignatureDocument {
  const d = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  if (d.algorithm !== "ed25519") throw new Failure("malformed", `unknown signature algorithm ${String(d.algorithm)}`);
  if (typeof d.keyId !== "string" || d.keyId === "") throw new Failure("malformed", "the signature names no key");
  if (typeof d.sha256 !== "string" || !HEX64.test(d.sha256)) {
    throw new Failure("malformed", "the signature's SHA-256 is not 64 hex digits");
  }
  if (typeof d.signature !== "string" || !BASE64.test(d.signature)) {
    throw new Failure("malformed", "the signature is not base64");
  }
  return { algorithm: d.algorithm, keyId: d.keyId, sha256: d.sha256, signature: d.signature };
}

async function importEd25519(der: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey("spki", der, { name: "Ed25519" }, false, ["verify"]);
  } catch (e) {
    // Browsers without Ed25519 answer NotSupportedError; a key that is not Ed25519 answers DataError.
    if ((e as DOMException).name === "NotSupportedError") {
      throw new Failure("unsupported", "this browser cannot check Ed25519 signatures; use `bulwark verify` instead");
    }
    throw new Failure("malformed", `the server's public key is not an Ed25519 key: ${(e as Error).message}`);
  }
}

/** Check the file's bytes against a signature document and an SPKI public key (no downloads). */
export async function verifyBytes(
  file: ArrayBuffer,
  signatureJson: unknown,
  publicKeyPem: string,
): Promise<VerifyResult> {
  try {
    if (globalThis.crypto?.subtle === undefined) {
      throw new Failure("unsupported", "this page has no WebCrypto (it needs HTTPS or localhost)");
    }
    const doc = readSignature(signatureJson);
    const der = pemToDer(publicKeyPem);
    const sha256 = hex(await crypto.subtle.digest("SHA-256", file));
    if (sha256 !== doc.sha256) {
      throw new Failure(
        "hash",
        `the file's SHA-256 is ${sha256}, but it was signed as ${doc.sha256}: the file was changed`,
      );
    }
    const keyId = hex(await crypto.subtle.digest("SHA-256", der)).slice(0, 32);
    if (keyId !== doc.keyId) {
      throw new Failure("key", `the file was signed by key ${doc.keyId}, not by the clearinghouse key ${keyId}`);
    }
    const key = await importEd25519(der);
    const signature = base64Bytes(doc.signature);
    const valid = signature.length === 64 && (await crypto.subtle.verify({ name: "Ed25519" }, key, signature, file));
    if (!valid) throw new Failure("signature", `the Ed25519 signature does not match the file under key ${keyId}`);
    return { ok: true, keyId, sha256 };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, reason: e.reason, message: e.message };
    return { ok: false, reason: "malformed", message: (e as Error).message };
  }
}

/** Download the artifact, its signature document and the server's public key, and check them. */
export async function verifyArtifact(urls: ArtifactUrls): Promise<VerifyResult> {
  try {
    const [file, signature, key] = await Promise.all([
      fetchOk(urls.url, "file").then((r) => r.arrayBuffer()),
      fetchOk(urls.signatureUrl, "signature", "application/json").then((r) => r.json() as Promise<unknown>),
      fetchOk(urls.keyUrl ?? "/.well-known/bulwark-signing-key", "public key", "application/json").then(
        (r) => r.json() as Promise<{ publicKey?: unknown }>,
      ),
    ]);
    if (typeof key.publicKey !== "string")
      throw new Failure("malformed", "the server did not answer with a public key");
    return await verifyBytes(file, signature, key.publicKey);
  } catch (e) {
    if (e instanceof Failure) return { ok: false, reason: e.reason, message: e.message };
    return { ok: false, reason: "download", message: (e as Error).message };
  }
}

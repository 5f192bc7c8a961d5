import { createHash } from "node:crypto";
import type { Blob, BlobStore } from "./blob-store.ts";
import { imageInvalid } from "./errors.ts";

/** Manifests, indexes and configs are small; anything bigger is not one. */
export const MAX_JSON_BLOB_BYTES = 8 * 1024 * 1024;

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for a well-formed `sha256:`/`sha512:` digest (which also makes it safe as a path). */
export function isDigest(value: unknown): value is string {
  return typeof value === "string" && DIGEST.test(value);
}

/** `sha256:<hex>` → `blobs/sha256/<hex>`. */
export function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(":");
  return `blobs/${algorithm}/${hex}`;
}

/** The digest of `bytes` with the given algorithm, as `alg:hex`. */
export function digestOf(bytes: Uint8Array, algorithm = "sha256"): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}

/** Opens a blob that must exist. */
export async function requireBlob(store: BlobStore, path: string, what: string): Promise<Blob> {
  const blob = await store.open(path);
  if (blob === undefined) throw imageInvalid(`${store.label}: ${what} "${path}" is missing`, { path });
  return blob;
}

/** Reads and parses a small JSON blob, with coded errors for every way it can be wrong. */
export async function readJson(blob: Blob, label: string, what: string): Promise<{ json: unknown; bytes: Buffer }> {
  const bytes = await blob.readAll(MAX_JSON_BLOB_BYTES);
  try {
    return { json: JSON.parse(bytes.toString("utf8")), bytes };
  } catch (error) {
    throw imageInvalid(`${label}: ${what} "${blob.name}" is not valid JSON (${(error as Error).message})`, {
      path: blob.name,
    });
  }
}

/** Refuses a blob whose content does not match the digest it is stored under. */
export function verifyDigest(bytes: Uint8Array, digest: string, label: string, what: string): void {
  const algorithm = digest.split(":")[0]!;
  const actual = digestOf(bytes, algorithm);
  if (actual !== digest) {
    throw imageInvalid(`${label}: ${what} does not match its digest (expected ${digest}, got ${actual})`, {
      expected: digest,
      actual,
    });
  }
}

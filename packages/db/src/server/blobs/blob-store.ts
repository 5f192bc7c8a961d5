/**
 * Content-addressed storage for files the clearinghouse distributes (patch artifacts): a file's
 * name is the SHA-256 of its bytes, so a name cannot point at other contents and storing the
 * same file twice keeps one copy. The local disk store implements it now; an S3-compatible store
 * can replace it for clusters without a shared directory.
 */
export interface BlobStore {
  /** Store `bytes` (idempotent) and answer their SHA-256, lower-case hex. */
  put(bytes: Uint8Array): Promise<string>;
  /**
   * The bytes stored under `sha256`, or undefined. A name that is not 64 lower-case hex digits is
   * BULWARK_REQUEST_INVALID; bytes that no longer hash to their name are BULWARK_BLOB_CORRUPT.
   */
  get(sha256: string): Promise<Uint8Array | undefined>;
  /** Whether a blob is stored under `sha256` (same name rule as {@link BlobStore.get}). */
  has(sha256: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Check a blob name: only 64 lower-case hex digits, so no name can reach outside the store. */
export function isBlobName(name: string): boolean {
  return SHA256_HEX.test(name);
}

import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { BulwarkError } from "@bulwark/core";
import { type BlobStore, isBlobName } from "./blob-store.ts";

/** The blob directory under a server's data directory. */
export const BLOBS_DIR = "blobs";

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function checkedName(sha256: string): string {
  if (!isBlobName(sha256)) {
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "a blob name must be a SHA-256: 64 lower-case hex digits", {
      details: { name: sha256.slice(0, 100) },
    });
  }
  return sha256;
}

/**
 * Blobs as files under `<root>/<aa>/<bb>/<sha256>` (two levels of fan-out keep directories
 * small). A write goes to a temporary file in the same directory, is flushed to disk, then
 * renamed into place, so a reader never sees half a file and a crash leaves no blob behind.
 * Several nodes may share `root` (NFS and the like): renames are atomic and contents are immutable.
 */
export class LocalBlobStore implements BlobStore {
  /** @param root the blob directory, usually `<data-dir>/blobs`. */
  constructor(readonly root: string) {}

  /** The store under a server's data directory. */
  static inDataDir(dataDir: string): LocalBlobStore {
    return new LocalBlobStore(join(dataDir, BLOBS_DIR));
  }

  #dir(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4));
  }

  #path(sha256: string): string {
    return join(this.#dir(sha256), sha256);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Hex(bytes);
    if (await this.has(sha256)) return sha256;
    const dir = this.#dir(sha256);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${sha256}.${randomBytes(6).toString("hex")}.tmp`);
    const file = await open(temp, "wx", 0o644);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } catch (e) {
      await file.close();
      await rm(temp, { force: true });
      throw e;
    }
    await file.close();
    await rename(temp, this.#path(sha256));
    // The rename itself is durable only once the directory is flushed.
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    const path = this.#path(checkedName(sha256));
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
    const actual = sha256Hex(bytes);
    if (actual !== sha256) {
      throw new BulwarkError("BULWARK_BLOB_CORRUPT", `blob ${sha256} now hashes to ${actual}: ${path} was changed`, {
        details: { sha256, actual },
      });
    }
    return bytes;
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.#path(checkedName(sha256)))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw e;
    }
  }
}

import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, open, realpath, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { BulwarkError } from "@bulwark/core";
import { type BlobStore, DirBlobStore, removeDir, TarBlobStore } from "./blob-store.ts";
import { asArchiveError, imageInvalid } from "./errors.ts";
import { LimitCounter, type ReadBudget, sniffCompression } from "./layer-stream.ts";
import { indexTar } from "./tar-index.ts";

async function head(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * A gzip-compressed archive cannot be read by byte range, so it is decompressed once into a
 * temporary file (under the same size and ratio limits as layers), removed by `close()`.
 */
async function gunzipToTemp(path: string, label: string, budget: ReadBudget): Promise<{ file: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "bulwark-image-"));
  const file = join(dir, "image.tar");
  const { size } = await stat(path);
  try {
    await pipeline(
      createReadStream(path),
      createGunzip(),
      new LimitCounter(budget, label, size, false),
      createWriteStream(file),
    );
    return { file, dir };
  } catch (error) {
    await removeDir(dir)();
    throw asArchiveError(error, label);
  }
}

/**
 * Opens what `path` names as a store of blobs: an OCI layout directory, or a tar (optionally
 * gzip-compressed) holding a docker-archive and/or an OCI layout.
 */
export async function openContainer(path: string, label: string, budget: ReadBudget): Promise<BlobStore> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new BulwarkError("BULWARK_INPUT_NOT_FOUND", `${label}: no such file or directory`, { details: { path } });
  }
  if (info.isDirectory()) return new DirBlobStore(label, await realpath(path));
  if (!info.isFile()) throw imageInvalid(`${label} is neither a file nor a directory`);

  const compression = sniffCompression(await head(path, 4));
  if (compression === "zstd" || compression === "other") {
    throw imageInvalid(`${label}: the archive's compression is not supported; pass a plain or gzip-compressed tar`);
  }
  if (compression === "none") {
    const members = await indexTar(path, label, budget.limits.maxEntries);
    return new TarBlobStore(label, path, members);
  }
  const { file, dir } = await gunzipToTemp(path, label, budget);
  try {
    const members = await indexTar(file, label, budget.limits.maxEntries);
    return new TarBlobStore(label, file, members, removeDir(dir));
  } catch (error) {
    await removeDir(dir)();
    throw error;
  }
}

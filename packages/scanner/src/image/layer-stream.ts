import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { extract, type Header } from "tar-stream";
import type { Blob } from "./blob-store.ts";
import { archiveLimit, asArchiveError, imageInvalid } from "./errors.ts";
import type { ImageLimits } from "./types.ts";

/** Running totals shared by every stream of one image, so limits apply to the image as a whole. */
export interface ReadBudget {
  readonly limits: ImageLimits;
  /** Uncompressed bytes read so far. */
  bytes: number;
  /** Tar entries seen so far. */
  entries: number;
}

/** The compression of a blob, from its first bytes (media types are not trusted). */
export type Compression = "none" | "gzip" | "zstd" | "other";

/** Detects gzip, zstd, bzip2 and xz by their magic bytes. */
export function sniffCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return "other";
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58) return "other";
  return "none";
}

/**
 * Counts uncompressed bytes against the image-wide total and, for a compressed stream, the
 * compression ratio against the blob's compressed size (a decompression-bomb guard).
 */
export class LimitCounter extends Transform {
  private produced = 0;
  private readonly hash: Hash | undefined;

  constructor(
    private readonly budget: ReadBudget,
    private readonly what: string,
    private readonly compressedSize: number | undefined,
    withHash: boolean,
  ) {
    super();
    this.hash = withHash ? createHash("sha256") : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.produced += chunk.length;
    this.budget.bytes += chunk.length;
    const { limits } = this.budget;
    if (this.budget.bytes > limits.maxTotalBytes) {
      callback(
        archiveLimit(`${this.what}: the image expands to more than ${limits.maxTotalBytes} bytes`, {
          limit: "maxTotalBytes",
          value: limits.maxTotalBytes,
        }),
      );
      return;
    }
    if (
      this.compressedSize !== undefined &&
      this.produced > limits.compressionRatioMinBytes &&
      this.produced > Math.max(this.compressedSize, 1) * limits.maxCompressionRatio
    ) {
      callback(
        archiveLimit(
          `${this.what}: compression ratio above ${limits.maxCompressionRatio}:1 (${this.compressedSize} bytes expand to more than ${this.produced})`,
          { limit: "maxCompressionRatio", value: limits.maxCompressionRatio },
        ),
      );
      return;
    }
    this.hash?.update(chunk);
    callback(null, chunk);
  }

  /** `sha256:<hex>` of everything that passed, when hashing was asked for. */
  digest(): string | undefined {
    return this.hash === undefined ? undefined : `sha256:${this.hash.digest("hex")}`;
  }
}

/** One entry of a layer tar; `read()` collects its bytes, otherwise they are skipped. */
export interface LayerEntry {
  readonly header: Header;
  read(): Promise<Buffer>;
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function drain(source: AsyncIterable<Buffer>): Promise<void> {
  for await (const _chunk of source) {
    // discard
  }
}

/**
 * Streams a layer blob (plain tar or gzip) through tar-stream, calling `onEntry` for each
 * entry in order. Returns the uncompressed sha256 when `withDigest`.
 */
export async function readLayer(
  blob: Blob,
  budget: ReadBudget,
  withDigest: boolean,
  onEntry: (entry: LayerEntry) => Promise<void> | void,
): Promise<string | undefined> {
  const compression = sniffCompression(await blob.head(4));
  if (compression === "zstd") {
    throw imageInvalid(
      `${blob.name}: the layer is compressed with zstd, which this Node.js cannot decompress`,
      { layer: blob.name },
      "zstd layers need Node.js 22 or newer (Node 20's zlib has no zstd); or re-push the image with gzip layers.",
    );
  }
  if (compression === "other") {
    throw imageInvalid(`${blob.name}: the layer uses an unsupported compression (only tar and tar+gzip are read)`, {
      layer: blob.name,
    });
  }
  const counter = new LimitCounter(budget, blob.name, compression === "gzip" ? blob.size : undefined, withDigest);
  const tar = extract();
  const source = blob.stream();
  const stages = compression === "gzip" ? [source, createGunzip(), counter] : [source, counter];
  const done = pipeline([...stages, tar] as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream]);
  done.catch(() => {}); // observed below; avoids an unhandled rejection when the loop fails first
  try {
    for await (const entry of tar) {
      const body = entry as unknown as AsyncIterable<Buffer>;
      budget.entries += 1;
      if (budget.entries > budget.limits.maxEntries) {
        throw archiveLimit(`${blob.name}: the image has more than ${budget.limits.maxEntries} entries`, {
          limit: "maxEntries",
          value: budget.limits.maxEntries,
        });
      }
      let consumed = false;
      await onEntry({
        header: entry.header,
        read: () => {
          consumed = true;
          return collect(body);
        },
      });
      if (!consumed) await drain(body);
    }
    await done;
  } catch (error) {
    source.destroy();
    throw asArchiveError(error, blob.name);
  }
  return counter.digest();
}

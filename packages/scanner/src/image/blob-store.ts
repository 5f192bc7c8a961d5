import { createReadStream } from "node:fs";
import { lstat, open, realpath, rm } from "node:fs/promises";
import { join, sep } from "node:path";
import { Readable } from "node:stream";
import { joinPath, normaliseEntryName, splitParent } from "./entry-path.ts";
import { imageInvalid } from "./errors.ts";
import { MAX_LINK_HOPS } from "./file-tree.ts";
import type { TarMember } from "./tar-index.ts";

/** One file of the image container (a layer tar, a config, a manifest). */
export interface Blob {
  /** Path inside the container, for messages. */
  readonly name: string;
  readonly size: number;
  /** The first `length` bytes (fewer if the blob is shorter). */
  head(length: number): Promise<Buffer>;
  /** The whole blob; refused when larger than `maxBytes` (only used for small JSON blobs). */
  readAll(maxBytes: number): Promise<Buffer>;
  /** A stream of the blob's bytes. */
  stream(): Readable;
}

/** The files of an image container: an OCI layout directory or a tar (docker-archive or OCI). */
export interface BlobStore {
  readonly label: string;
  /** The file at `path` (relative, `/`-separated), or `undefined` when absent. */
  open(path: string): Promise<Blob | undefined>;
  /** Removes temporary files. */
  close(): Promise<void>;
}

async function readRange(file: string, start: number, length: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function rangeBlob(name: string, file: string, start: number, size: number): Blob {
  return {
    name,
    size,
    head: (length) => readRange(file, start, Math.min(length, size)),
    async readAll(maxBytes) {
      if (size > maxBytes) throw imageInvalid(`${name} is ${size} bytes, more than the ${maxBytes} expected`);
      return readRange(file, start, size);
    },
    stream: () => (size === 0 ? Readable.from([]) : createReadStream(file, { start, end: start + size - 1 })),
  };
}

/** Blobs of a tar file on disk, read by byte range from the member index. */
export class TarBlobStore implements BlobStore {
  constructor(
    readonly label: string,
    private readonly file: string,
    private readonly members: Map<string, TarMember>,
    private readonly cleanup: () => Promise<void> = async () => {},
  ) {}

  async open(path: string): Promise<Blob | undefined> {
    const member = this.follow(path);
    return member === undefined ? undefined : rangeBlob(member.name, this.file, member.offset, member.size);
  }

  /** Follows symlinks and hard links between members (Docker 25+ links legacy `<id>/layer.tar` to blobs/). */
  private follow(path: string): TarMember | undefined {
    let name = path;
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      const member = this.members.get(name);
      if (member === undefined) return undefined;
      if (member.type === "file") return member;
      if (member.type !== "symlink" && member.type !== "link") return undefined;
      const base = member.type === "symlink" && !member.linkname.startsWith("/") ? splitParent(name).parent : "";
      try {
        name = normaliseEntryName(joinPath(base, member.linkname), this.label);
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  close(): Promise<void> {
    return this.cleanup();
  }
}

/** Blobs of an OCI layout directory; nothing outside the directory is ever opened. */
export class DirBlobStore implements BlobStore {
  constructor(
    readonly label: string,
    private readonly root: string,
  ) {}

  async open(path: string): Promise<Blob | undefined> {
    let relative: string;
    try {
      relative = normaliseEntryName(path, this.label);
    } catch {
      return undefined;
    }
    try {
      const file = await realpath(join(this.root, ...relative.split("/")));
      if (!file.startsWith(this.root + sep)) return undefined;
      const stat = await lstat(file);
      if (!stat.isFile()) return undefined;
      return rangeBlob(relative, file, 0, stat.size);
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {}
}

/** Removes a temporary directory, ignoring one that is already gone. */
export function removeDir(dir: string): () => Promise<void> {
  return () => rm(dir, { recursive: true, force: true });
}

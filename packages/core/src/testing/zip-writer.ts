import { crc32, deflateRawSync } from "node:zlib";

// A deliberately small zip writer for tests: fixtures that must be built on the fly
// (exports served by a test HTTP server, forged archives for the reader's defences).
// Production code never writes zips.

/** One entry for {@link makeZip}; the optional fields forge broken archives. */
export interface ZipEntryInput {
  readonly name: string;
  readonly data: Uint8Array | string;
  /** 8 (DEFLATE, default) or 0 (stored). */
  readonly method?: number;
  /** Uncompressed size to declare instead of the real one. */
  readonly declaredSize?: number;
  /** CRC-32 to declare instead of the real one. */
  readonly crc?: number;
  /** Extra general-purpose flags (bit 11, UTF-8 names, is always set). */
  readonly flags?: number;
}

/** Build a zip archive (no zip64) from entries, in order. */
export function makeZip(entries: readonly ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.from(e.data);
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(e.name, "utf8");
    const crc = (e.crc ?? crc32(data)) >>> 0;
    const size = e.declaredSize ?? data.length;
    const flags = (e.flags ?? 0) | 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

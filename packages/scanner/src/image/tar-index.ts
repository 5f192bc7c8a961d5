import { open } from "node:fs/promises";
import { normaliseEntryName } from "./entry-path.ts";
import { archiveInvalid, archiveLimit } from "./errors.ts";

/** One member of an outer (uncompressed) tar file, located by byte offset. */
export interface TarMember {
  readonly name: string;
  readonly type: "file" | "dir" | "symlink" | "link" | "other";
  /** Offset of the member's data in the tar file. */
  readonly offset: number;
  readonly size: number;
  readonly linkname: string;
}

const BLOCK = 512;
const MAX_META_BYTES = 1024 * 1024;

function readString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? field.length : nul).toString("utf8");
}

function readNumber(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  // GNU base-256 encoding for sizes of 8 GiB and more.
  if ((field[0]! & 0x80) !== 0) {
    let value = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const text = readString(block, start, length).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) return Number.NaN;
  return Number.parseInt(text, 8);
}

function checksumMatches(block: Buffer): boolean {
  const stored = readNumber(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return stored === sum;
}

/** Parses the `length key=value\n` records of a PAX extended header. */
function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const length = Number.parseInt(data.subarray(pos, space).toString("ascii"), 10);
    if (!(length > 0) || pos + length > data.length) break;
    const record = data.subarray(space + 1, pos + length - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += length;
  }
  return records;
}

function memberType(flag: string): TarMember["type"] {
  if (flag === "0" || flag === "" || flag === "7") return "file";
  if (flag === "5") return "dir";
  if (flag === "2") return "symlink";
  if (flag === "1") return "link";
  return "other";
}

/**
 * Lists a tar file's members by reading only their headers and seeking over the data, so a
 * multi-gigabyte `docker save` archive is indexed without reading its layers. Handles
 * ustar prefixes, PAX (`path`, `linkpath`, `size`) and GNU long names.
 */
export async function indexTar(path: string, label: string, maxEntries: number): Promise<Map<string, TarMember>> {
  const handle = await open(path, "r");
  try {
    const { size: fileSize } = await handle.stat();
    const members = new Map<string, TarMember>();
    const header = Buffer.alloc(BLOCK);
    let position = 0;
    let count = 0;
    let pax = new Map<string, string>();
    let longName: string | undefined;
    let longLink: string | undefined;

    const readData = async (offset: number, size: number): Promise<Buffer> => {
      if (size > MAX_META_BYTES) throw archiveInvalid(`${label}: a tar metadata header is implausibly large`);
      const data = Buffer.alloc(size);
      const { bytesRead } = await handle.read(data, 0, size, offset);
      if (bytesRead < size) throw archiveInvalid(`${label}: the archive is truncated`, { archive: label });
      return data;
    };

    while (position < fileSize) {
      const { bytesRead } = await handle.read(header, 0, BLOCK, position);
      if (bytesRead < BLOCK) throw archiveInvalid(`${label}: the archive is truncated`, { archive: label });
      if (header.every((b) => b === 0)) break;
      if (!checksumMatches(header)) {
        throw archiveInvalid(`${label}: not a tar archive, or a corrupt header at byte ${position}`, {
          archive: label,
          offset: position,
        });
      }
      const flag = String.fromCharCode(header[156]!).replace("\0", "");
      let size = readNumber(header, 124, 12);
      if (Number.isNaN(size)) throw archiveInvalid(`${label}: corrupt size field at byte ${position}`);
      const dataOffset = position + BLOCK;
      if (pax.has("size")) size = Number.parseInt(pax.get("size")!, 10);
      const next = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
      if (dataOffset + size > fileSize) throw archiveInvalid(`${label}: the archive is truncated`, { archive: label });

      if (flag === "x" || flag === "L" || flag === "K" || flag === "g") {
        const data = await readData(dataOffset, size);
        if (flag === "x") pax = parsePax(data);
        else if (flag === "L") longName = readString(data, 0, data.length);
        else if (flag === "K") longLink = readString(data, 0, data.length);
        position = next;
        continue;
      }

      count += 1;
      if (count > maxEntries) throw archiveLimit(`${label}: more than ${maxEntries} entries`, { archive: label });
      const magic = header.subarray(257, 262).toString("latin1");
      const prefix = magic === "ustar" ? readString(header, 345, 155) : "";
      const shortName = readString(header, 0, 100);
      const rawName = pax.get("path") ?? longName ?? (prefix === "" ? shortName : `${prefix}/${shortName}`);
      const linkname = pax.get("linkpath") ?? longLink ?? readString(header, 157, 100);
      const name = normaliseEntryName(rawName, label);
      members.set(name, { name, type: memberType(flag), offset: dataOffset, size, linkname });
      pax = new Map();
      longName = undefined;
      longLink = undefined;
      position = next;
    }
    return members;
  } finally {
    await handle.close();
  }
}

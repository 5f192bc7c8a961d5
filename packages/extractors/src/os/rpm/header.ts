// The RPM header structure as stored in rpmdb: no lead and no header magic, just
//   int32 il (index entries), int32 dl (data bytes), il × {int32 tag, type, offset, count}, data.
// All integers big-endian. Region tags (61–63) describe signed/immutable ranges of the same
// entries; the entries themselves are all in the index, so reading them directly is enough.

const TAG_NAME = 1000;
const TAG_VERSION = 1001;
const TAG_RELEASE = 1002;
const TAG_EPOCH = 1003;
const TAG_ARCH = 1022;
const TAG_SOURCERPM = 1044;

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;

// rpm's own sanity limits (hdrchkTags / hdrchkData in lib/header.c).
const MAX_INDEX_ENTRIES = 0xffff;
const MAX_DATA_BYTES = 0x0fffffff;

/** The fields of one installed package that an inventory needs. */
export interface RpmHeader {
  readonly name: string;
  readonly version: string;
  readonly release: string;
  readonly epoch?: number;
  readonly arch?: string;
  /** `openssl-3.0.7-27.el9.src.rpm`. */
  readonly sourceRpm?: string;
}

const WANTED = new Set([TAG_NAME, TAG_VERSION, TAG_RELEASE, TAG_EPOCH, TAG_ARCH, TAG_SOURCERPM]);
const utf8 = new TextDecoder("utf-8", { fatal: false });

/** Read the package fields of one header blob, or a reason why it cannot be read. Never throws. */
export function readHeader(blob: Uint8Array): RpmHeader | string {
  if (blob.length < 8) return `header is ${blob.length} bytes, shorter than its 8-byte preamble`;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = view.getUint32(0);
  const dl = view.getUint32(4);
  if (il < 1 || il > MAX_INDEX_ENTRIES) return `header claims ${il} index entries`;
  if (dl > MAX_DATA_BYTES) return `header claims ${dl} data bytes`;
  const dataStart = 8 + il * 16;
  if (dataStart + dl > blob.length) return `header needs ${dataStart + dl} bytes but the blob has ${blob.length}`;
  const data = blob.subarray(dataStart, dataStart + dl);

  const strings = new Map<number, string>();
  let epoch: number | undefined;
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = view.getUint32(at);
    if (!WANTED.has(tag)) continue;
    const type = view.getUint32(at + 4);
    const offset = view.getUint32(at + 8);
    const count = view.getUint32(at + 12);
    if (offset >= dl || count < 1) return `tag ${tag} points outside the header data`;
    if (tag === TAG_EPOCH) {
      if (type !== TYPE_INT32 || offset + 4 > dl) return "EPOCH is not a 32-bit integer inside the header data";
      epoch = new DataView(data.buffer, data.byteOffset + offset, 4).getUint32(0);
      continue;
    }
    if (type !== TYPE_STRING && type !== TYPE_STRING_ARRAY && type !== TYPE_I18NSTRING) {
      return `tag ${tag} has type ${type}, not a string`;
    }
    const end = data.indexOf(0, offset);
    if (end < 0) return `string of tag ${tag} is not NUL-terminated inside the header data`;
    strings.set(tag, utf8.decode(data.subarray(offset, end)));
  }
  const name = strings.get(TAG_NAME);
  const version = strings.get(TAG_VERSION);
  const release = strings.get(TAG_RELEASE);
  if (!name || !version || !release) return "header lacks NAME, VERSION or RELEASE";
  return {
    name,
    version,
    release,
    ...(epoch === undefined ? {} : { epoch }),
    ...optional("arch", strings.get(TAG_ARCH)),
    ...optional("sourceRpm", strings.get(TAG_SOURCERPM)),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

/**
 * Split a source RPM file name into its name and `version-release`:
 * `openssl-3.0.7-27.el9.src.rpm` → `openssl`, `3.0.7-27.el9`. Undefined when it is not of that shape.
 */
export function splitSourceRpm(file: string): { name: string; versionRelease: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(file);
  return m ? { name: m[1] as string, versionRelease: `${m[2]}-${m[3]}` } : undefined;
}

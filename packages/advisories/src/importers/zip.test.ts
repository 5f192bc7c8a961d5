import { crc32, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DEFAULT_ZIP_LIMITS, readZipEntries } from "./zip.ts";

interface Entry {
  name: string;
  data: Buffer;
  /** Overrides to forge bad archives. */
  declaredSize?: number;
  crc?: number;
  flags?: number;
  method?: number;
}

/** A minimal zip writer for crafting test archives (stored or DEFLATE entries). */
function makeZip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name, "utf8");
    const crc = e.crc ?? crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const flags = (e.flags ?? 0) | 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const json = (s: string) => ({ name: `${s}.json`, data: Buffer.from(JSON.stringify({ id: s })) });
const all = () => true;
const code = { code: "BULWARK_ZIP_INVALID" };

describe("readZipEntries", () => {
  it("reads stored and deflated entries and filters by name", () => {
    const zip = makeZip([json("A"), { ...json("B"), method: 0 }, { name: "README.txt", data: Buffer.from("x") }]);
    const entries = readZipEntries(zip, "t.zip", (n) => n.endsWith(".json"));
    expect(entries.map((e) => [e.name, Buffer.from(e.data).toString()])).toEqual([
      ["A.json", '{"id":"A"}'],
      ["B.json", '{"id":"B"}'],
    ]);
  });

  it("refuses what is not a zip, and truncated archives", () => {
    expect(() => readZipEntries(Buffer.from("hello world, this is not a zip file"), "t", all)).toThrowError(
      expect.objectContaining(code),
    );
    const zip = makeZip([json("A")]);
    expect(() => readZipEntries(zip.subarray(0, zip.length - 30), "t", all)).toThrowError(
      expect.objectContaining(code),
    );
  });

  it("refuses path traversal and absolute names", () => {
    for (const name of ["../../etc/passwd.json", "/abs.json", "a/../../b.json"]) {
      expect(() => readZipEntries(makeZip([{ name, data: Buffer.from("{}") }]), "t", all)).toThrowError(
        expect.objectContaining(code),
      );
    }
  });

  it("stops a bomb whose header lies about its size", () => {
    const bomb = { name: "bomb.json", data: Buffer.alloc(50 * 1024 * 1024, 0x20), declaredSize: 1000 };
    expect(() => readZipEntries(makeZip([bomb]), "t", all)).toThrowError(expect.objectContaining(code));
  });

  it("refuses implausible compression ratios and over-limit sizes", () => {
    const zeros = { name: "z.json", data: Buffer.alloc(8 * 1024 * 1024, 0x20) };
    expect(() => readZipEntries(makeZip([zeros]), "t", all)).toThrowError(/zip bomb/);
    const limits = { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 5 };
    expect(() => readZipEntries(makeZip([json("A")]), "t", all, limits)).toThrowError(/over the limit/);
    const few = { ...DEFAULT_ZIP_LIMITS, maxEntries: 1 };
    expect(() => readZipEntries(makeZip([json("A"), json("B")]), "t", all, few)).toThrowError(/entries/);
  });

  it("detects corruption (CRC) and refuses encryption and unknown methods", () => {
    expect(() => readZipEntries(makeZip([{ ...json("A"), crc: 1234 }]), "t", all)).toThrowError(/CRC/);
    expect(() => readZipEntries(makeZip([{ ...json("A"), flags: 1 }]), "t", all)).toThrowError(/encrypted/);
    expect(() => readZipEntries(makeZip([{ ...json("A"), method: 12 }]), "t", all)).toThrowError(/method 12/);
  });
});

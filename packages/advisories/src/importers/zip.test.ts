import { makeZip } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { DEFAULT_ZIP_LIMITS, readZipEntries } from "./zip.ts";

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

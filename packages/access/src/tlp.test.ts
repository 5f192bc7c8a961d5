import { describe, expect, it } from "vitest";
import { isAtLeast, isTlpLabel, parseTlp, TLP_LABELS, type TlpLabel, tlpRank } from "./tlp.ts";

describe("parseTlp", () => {
  it.each([
    ["CLEAR", "CLEAR"],
    ["GREEN", "GREEN"],
    ["AMBER", "AMBER"],
    ["AMBER+STRICT", "AMBER+STRICT"],
    ["RED", "RED"],
    ["TLP:AMBER+STRICT", "AMBER+STRICT"],
    ["tlp:clear", "CLEAR"],
    ["amber+strict", "AMBER+STRICT"],
    ["Tlp:Green", "GREEN"],
    ["TLP: RED", "RED"],
    ["  TLP:AMBER \n", "AMBER"],
  ] as const)("reads %j as %s", (text, expected) => {
    expect(parseTlp(text)).toBe(expected);
  });

  it.each([
    "",
    "   ",
    "TLP:",
    "WHITE",
    "TLP:WHITE",
    "AMBER STRICT",
    "AMBER-STRICT",
    "AMBER+",
    "TLP:TLP:RED",
    "TLP-RED",
    "REDACTED",
    "xRED",
    "constructor",
    "__proto__",
  ])("rejects %j", (text) => {
    expect(parseTlp(text)).toBeUndefined();
  });

  it("rejects non-strings arriving at runtime", () => {
    expect(parseTlp(undefined as unknown as string)).toBeUndefined();
    expect(parseTlp(4 as unknown as string)).toBeUndefined();
  });
});

describe("isTlpLabel", () => {
  it("accepts only the canonical spelling", () => {
    for (const label of TLP_LABELS) expect(isTlpLabel(label)).toBe(true);
    expect(isTlpLabel("amber")).toBe(false);
    expect(isTlpLabel("TLP:AMBER")).toBe(false);
    expect(isTlpLabel(2)).toBe(false);
  });
});

describe("tlpRank and isAtLeast", () => {
  it("ranks CLEAR 0 to RED 4", () => {
    expect(TLP_LABELS.map((label) => tlpRank(label))).toEqual([0, 1, 2, 3, 4]);
  });

  it("ranks an unknown value as RED (fail closed)", () => {
    expect(tlpRank("WHITE" as TlpLabel)).toBe(4);
    expect(tlpRank("constructor" as TlpLabel)).toBe(4);
  });

  it("compares by restrictiveness", () => {
    expect(isAtLeast("RED", "AMBER")).toBe(true);
    expect(isAtLeast("AMBER+STRICT", "AMBER")).toBe(true);
    expect(isAtLeast("AMBER", "AMBER")).toBe(true);
    expect(isAtLeast("GREEN", "AMBER")).toBe(false);
    expect(isAtLeast("CLEAR", "GREEN")).toBe(false);
    expect(isAtLeast("AMBER", "AMBER+STRICT")).toBe(false);
  });
});

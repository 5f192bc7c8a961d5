import { describe, expect, it } from "vitest";
import { loadVexFile, readVex } from "./read-vex.ts";
import { fixturePath } from "./testing.ts";

describe("readVex format detection", () => {
  it("recognises each format by content, from bytes with a UTF-8 BOM too", async () => {
    const bytes = new TextEncoder().encode(
      `\uFEFF${JSON.stringify({ "@context": "https://openvex.dev/ns/v0.2.0", statements: [] })}`,
    );
    expect(readVex("a.json", bytes)).toEqual([]);
    expect((await loadVexFile(fixturePath("csaf/vexctl-csaf.json")))[0]!.source.format).toBe("csaf");
    expect((await loadVexFile(fixturePath("openvex/demo.vex.json")))[0]!.source.format).toBe("openvex");
    expect((await loadVexFile(fixturePath("cyclonedx/cisa-case-3.vex.json")))[0]!.source.format).toBe("cyclonedx");
  });

  it.each([
    ["{not json", /^x\.json: not JSON \(/],
    ["[1, 2]", /^x\.json: expected a JSON object at the top level$/],
    [
      JSON.stringify({ spdxVersion: "SPDX-2.3" }),
      /^x\.json: not a VEX document Bulwark knows \(expected an OpenVEX @context/,
    ],
  ])("rejects %s", (text, message) => {
    expect(() => readVex("x.json", text)).toThrowError(
      expect.objectContaining({ code: "BULWARK_VEX_INVALID", message: expect.stringMatching(message) }),
    );
  });

  it("reports a missing file as BULWARK_INPUT_NOT_FOUND", async () => {
    await expect(loadVexFile("/nonexistent/vex.json")).rejects.toMatchObject({ code: "BULWARK_INPUT_NOT_FOUND" });
  });
});

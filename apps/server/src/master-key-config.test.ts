import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadServerConfig } from "./config.ts";

describe("the master key setting", () => {
  it("is read from BULWARK_MASTER_KEY and left out when unset", () => {
    const key = randomBytes(32).toString("base64");
    expect(loadServerConfig({}, { BULWARK_MASTER_KEY: key }, "/srv").masterKey).toBe(key);
    expect("masterKey" in loadServerConfig({}, {}, "/srv")).toBe(false);
  });

  it("must be 32 bytes of base64, and the error never echoes the value", () => {
    for (const bad of [
      randomBytes(16).toString("base64"),
      "not-base64-at-all!!",
      `${randomBytes(32).toString("base64")}x`,
    ]) {
      let caught: unknown;
      try {
        loadServerConfig({}, { BULWARK_MASTER_KEY: bad }, "/srv");
      } catch (e) {
        caught = e;
      }
      expect(caught).toMatchObject({ code: "BULWARK_CONFIG_INVALID", message: expect.stringMatching(/32 bytes/) });
      expect((caught as Error).message).not.toContain(bad);
    }
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTRACT_FILE, renderContract } from "./api-contract.ts";

describe("the typed API contract", () => {
  it("is what the server's routes define (run `npm run contract` after changing a route schema)", async () => {
    expect(readFileSync(CONTRACT_FILE, "utf8") === (await renderContract())).toBe(true);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "./error-codes.ts";
import { BulwarkError, isBulwarkError } from "./errors.ts";
import { renderErrorsMarkdown } from "./errors-doc.ts";
import { REPO_ROOT } from "./testing/data.ts";

describe("error registry", () => {
  it("every code follows BULWARK_<AREA>_<WHAT> and has a summary and a hint", () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^BULWARK_[A-Z0-9]+_[A-Z0-9_]+$/);
      expect(info.summary.length).toBeGreaterThan(10);
      expect(info.hint.length).toBeGreaterThan(10);
    }
  });

  it("docs/errors.md is in sync with the registry (run `npm run docs:errors`)", () => {
    expect(readFileSync(`${REPO_ROOT}/docs/errors.md`, "utf8")).toBe(renderErrorsMarkdown());
  });

  it("BulwarkError carries code, default hint and exit code", () => {
    const e = new BulwarkError("BULWARK_VERSION_INVALID", "bad");
    expect(e.hint).toBe(ERROR_CODES.BULWARK_VERSION_INVALID.hint);
    expect(e.exitCode).toBe(2);
    expect(isBulwarkError(e)).toBe(true);
    expect(isBulwarkError(new Error("x"))).toBe(false);
  });
});

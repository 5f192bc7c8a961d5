import { describe, expect, it } from "vitest";
import { assertCron, latestTick } from "./cron.ts";

const at = (iso: string) => new Date(iso);

describe("latestTick", () => {
  it("includes a tick at the very instant, and otherwise takes the one before", () => {
    expect(latestTick("* * * * *", at("2026-01-01T10:01:00.000Z")).toISOString()).toBe("2026-01-01T10:01:00.000Z");
    expect(latestTick("* * * * *", at("2026-01-01T10:01:59.999Z")).toISOString()).toBe("2026-01-01T10:01:00.000Z");
    expect(latestTick("*/15 * * * *", at("2026-01-01T10:44:00Z")).toISOString()).toBe("2026-01-01T10:30:00.000Z");
  });

  it("reads the expression in UTC, across days and months", () => {
    expect(latestTick("0 3 * * *", at("2026-01-01T02:59:00Z")).toISOString()).toBe("2025-12-31T03:00:00.000Z");
    expect(latestTick("30 6 1 * *", at("2026-03-01T06:29:00Z")).toISOString()).toBe("2026-02-01T06:30:00.000Z");
    // 2026-03-02 is a Monday.
    expect(latestTick("0 0 * * 1", at("2026-03-08T12:00:00Z")).toISOString()).toBe("2026-03-02T00:00:00.000Z");
  });
});

describe("assertCron", () => {
  it("accepts 5-field expressions", () => {
    for (const ok of ["* * * * *", "0 3 * * *", "*/5 1-5 * * 1-5", " 0  0 1 1 * "])
      expect(() => assertCron(ok)).not.toThrow();
  });

  it("refuses other field counts and values out of range", () => {
    for (const bad of ["* * * *", "0 0 * * * *", "@daily", "60 * * * *", "* 24 * * *", "* * 0 * *", "x * * * *"]) {
      expect(() => assertCron(bad), bad).toThrow(/cron expression/);
    }
  });
});

import { describe, expect, it } from "vitest";
import { errorMessage, retryDelayMs, tickJobId } from "./sqlite-queue.ts";

describe("retryDelayMs", () => {
  it("doubles the delay at each retry with backoff, and keeps it without", () => {
    const backoff = { retry_delay: 10, backoff: 1 };
    expect([1, 2, 3, 4].map((a) => retryDelayMs(backoff, a))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs({ retry_delay: 10, backoff: 0 }, 4)).toBe(10_000);
    // The exponent stops growing, so a job with many retries still has a finite delay.
    expect(retryDelayMs({ retry_delay: 1, backoff: 1 }, 100)).toBe(2 ** 16 * 1000);
  });
});

describe("tickJobId", () => {
  it("is one UUID per schedule and tick", () => {
    const id = tickJobId("report", "2026-03-02T10:01:00.000Z");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(tickJobId("report", "2026-03-02T10:01:00.000Z")).toBe(id);
    expect(tickJobId("report", "2026-03-02T10:02:00.000Z")).not.toBe(id);
    expect(tickJobId("other", "2026-03-02T10:01:00.000Z")).not.toBe(id);
  });
});

describe("errorMessage", () => {
  it("keeps an Error's message and describes other throws", () => {
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain")).toBe("plain");
    expect(errorMessage({ code: 7 })).toBe('{"code":7}');
    expect(errorMessage(undefined)).toBe("undefined");
  });
});

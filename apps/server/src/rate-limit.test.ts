import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "./rate-limit.ts";

const T0 = Date.parse("2026-12-02T12:00:00Z");
const at = (ms: number) => new Date(T0 + ms);

describe("SlidingWindowLimiter", () => {
  it("allows `limit` hits in any window and says when the next one may come", () => {
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 });
    for (const ms of [0, 10_000, 20_000]) {
      expect(limiter.retryAfterMs("ip:a", at(ms))).toBe(0);
      limiter.hit("ip:a", at(ms));
    }
    expect(limiter.retryAfterMs("ip:a", at(30_000))).toBe(30_000);
    expect(limiter.retryAfterMs("ip:b", at(30_000))).toBe(0);
    // The window slides: the first hit leaves it at 60 s, the second at 70 s.
    expect(limiter.retryAfterMs("ip:a", at(59_999))).toBe(1);
    expect(limiter.retryAfterMs("ip:a", at(60_000))).toBe(0);
    limiter.hit("ip:a", at(60_000));
    expect(limiter.retryAfterMs("ip:a", at(60_000))).toBe(10_000);
  });

  it("counts a released hit as never made", () => {
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 60_000 });
    limiter.hit("k", at(0));
    limiter.hit("k", at(1_000));
    expect(limiter.retryAfterMs("k", at(2_000))).toBe(58_000);
    limiter.release("k", at(1_000));
    limiter.release("k", at(5_000));
    expect(limiter.retryAfterMs("k", at(2_000))).toBe(0);
    limiter.release("k", at(0));
    expect(limiter.size).toBe(0);
  });

  it("keeps at most maxKeys keys, dropping idle ones first, then the oldest", () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000 }, 3);
    limiter.hit("old", at(0));
    limiter.hit("a", at(50_000));
    limiter.hit("b", at(55_000));
    limiter.hit("c", at(61_000));
    expect(limiter.size).toBe(3);
    expect(limiter.retryAfterMs("a", at(61_000))).toBeGreaterThan(0);
    limiter.hit("d", at(62_000));
    expect(limiter.size).toBe(3);
    expect(limiter.retryAfterMs("a", at(62_000))).toBe(0);
    expect(limiter.retryAfterMs("b", at(62_000))).toBeGreaterThan(0);
    for (let i = 0; i < 1000; i++) limiter.hit(`spray-${i}`, at(63_000));
    expect(limiter.size).toBe(3);
  });
});

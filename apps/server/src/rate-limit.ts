/** How many hits a key may make in how long. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * An in-memory sliding-window limiter: a key may make `limit` hits in any `windowMs`. It lives in
 * one process, so with several server nodes each limits on its own (an attacker gets the limit
 * once per node); state that must hold across nodes, such as account lockout, belongs in the
 * database. Times come from the caller so an injected clock drives it.
 */
export class SlidingWindowLimiter {
  readonly #rule: RateLimit;
  readonly #maxKeys: number;
  // Per key, the times of its hits in the window, oldest first; Map order is first-hit order.
  readonly #hits = new Map<string, number[]>();

  /** `maxKeys` bounds memory when an attacker makes up keys (e-mail addresses): the oldest go first. */
  constructor(rule: RateLimit, maxKeys = 100_000) {
    this.#rule = rule;
    this.#maxKeys = maxKeys;
  }

  /** Milliseconds until `key` may hit again; 0 when it may now. */
  retryAfterMs(key: string, now: Date): number {
    const hits = this.#live(key, now.getTime());
    if (hits.length < this.#rule.limit) return 0;
    return (hits[hits.length - this.#rule.limit] as number) + this.#rule.windowMs - now.getTime();
  }

  /** Count a hit for `key` (whether or not it was over the limit is the caller's check). */
  hit(key: string, now: Date): void {
    const hits = this.#live(key, now.getTime());
    if (hits.length === 0) {
      this.#hits.delete(key);
      if (this.#hits.size >= this.#maxKeys) this.#evict(now.getTime());
      this.#hits.set(key, hits);
    }
    hits.push(now.getTime());
  }

  /** Take back one hit made at `at` (a sign-in that succeeded does not count against the limit). */
  release(key: string, at: Date): void {
    const hits = this.#hits.get(key);
    const i = hits?.lastIndexOf(at.getTime()) ?? -1;
    if (hits === undefined || i < 0) return;
    hits.splice(i, 1);
    if (hits.length === 0) this.#hits.delete(key);
  }

  /** How many keys are tracked (for tests and metrics). */
  get size(): number {
    return this.#hits.size;
  }

  #live(key: string, now: number): number[] {
    const hits = this.#hits.get(key);
    if (hits === undefined) return [];
    const from = now - this.#rule.windowMs;
    let stale = 0;
    while (stale < hits.length && (hits[stale] as number) <= from) stale++;
    if (stale > 0) hits.splice(0, stale);
    return hits;
  }

  #evict(now: number): void {
    for (const key of [...this.#hits.keys()]) if (this.#live(key, now).length === 0) this.#hits.delete(key);
    for (const key of this.#hits.keys()) {
      if (this.#hits.size < this.#maxKeys) break;
      this.#hits.delete(key);
    }
  }
}

import { BulwarkError, type ErrorCode } from "@bulwark/core";

/** The part of `fetch` the downloader uses; injected so callers (and tests) own the network. */
export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/** HTTP validators from an earlier download of the same URL. */
export interface Validators {
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
}

/** Bytes received so far by one download attempt. */
export interface DownloadProgress {
  readonly url: string;
  readonly attempt: number;
  readonly received: number;
  /** From Content-Length, when the server sent one (and did not compress the body). */
  readonly total: number | undefined;
}

/** An attempt failed and another one follows after `delayMs`. */
export interface RetryNotice {
  readonly url: string;
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly code: ErrorCode;
  readonly reason: string;
}

/** How hard to try. Every field has a default in {@link DEFAULT_RETRY_POLICY}. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Backoff before the second attempt; doubles for each further one. */
  readonly baseDelayMs: number;
  /** Backoff never exceeds this. */
  readonly maxDelayMs: number;
  /** A Retry-After longer than this ends the download instead of waiting. */
  readonly maxRetryAfterMs: number;
  /** One attempt (connect, headers and body) may take at most this long. */
  readonly attemptTimeoutMs: number;
  /** An attempt that receives nothing for this long is abandoned (a stalled connection). */
  readonly idleTimeoutMs: number;
}

/** Defaults sized for osv.dev's larger exports (hundreds of MB) on a slow link. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  attemptTimeoutMs: 30 * 60_000,
  idleTimeoutMs: 60_000,
};

/** What {@link download} needs from its caller. */
export interface DownloadOptions {
  readonly fetch: FetchFn;
  /** Waits between attempts; tests pass one that returns at once. */
  readonly sleep: (ms: number) => Promise<void>;
  /** The clock, used to read a Retry-After given as an HTTP date. */
  readonly now: () => Date;
  /** Jitter source in [0, 1); defaults to Math.random. */
  readonly random?: () => number;
  /** Sent as If-None-Match / If-Modified-Since; a 304 then means "unchanged". */
  readonly validators?: Validators | undefined;
  /** The body may not be larger than this (checked on Content-Length and while streaming). */
  readonly maxBytes: number;
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** Aborting it ends the download at once, without retries. */
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((p: DownloadProgress) => void) | undefined;
  readonly onRetry?: ((r: RetryNotice) => void) | undefined;
}

/** The outcome of a successful {@link download}. */
export type DownloadResult =
  | { readonly status: "not-modified"; readonly attempts: number }
  | {
      readonly status: "ok";
      readonly bytes: Uint8Array;
      readonly etag: string | undefined;
      readonly lastModified: string | undefined;
      readonly attempts: number;
    };

/** A failed attempt, and whether trying again could help. */
class AttemptFailure extends Error {
  constructor(
    readonly error: BulwarkError,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(error.message);
  }
}

function netError(
  code: ErrorCode,
  url: string,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): BulwarkError {
  return new BulwarkError(code, message, { details: { url, ...details }, ...(cause === undefined ? {} : { cause }) });
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** Exponential backoff with "equal jitter": half the delay fixed, half random, so clients spread out. */
export function backoffDelay(failedAttempt: number, policy: RetryPolicy, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

function describeCause(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const inner = err.cause?.code ?? err.cause?.message;
  return inner ? `${err.message ?? String(e)} (${inner})` : (err.message ?? String(e));
}

function contentLength(res: Response): number | undefined {
  // With a Content-Encoding, fetch hands over decoded bytes and the header counts encoded ones.
  const encoding = res.headers.get("content-encoding");
  if (encoding && encoding.toLowerCase() !== "identity") return undefined;
  const raw = res.headers.get("content-length");
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]?.byteLength === size) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

async function attemptOnce(url: string, attempt: number, o: DownloadOptions, policy: RetryPolicy) {
  const controller = new AbortController();
  let timedOut: "attempt" | "idle" | undefined;
  const abortFor = (why: "attempt" | "idle") => () => {
    timedOut = why;
    controller.abort();
  };
  const total = setTimeout(abortFor("attempt"), policy.attemptTimeoutMs);
  let idle = setTimeout(abortFor("idle"), policy.idleTimeoutMs);
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(abortFor("idle"), policy.idleTimeoutMs);
  };
  const onCallerAbort = () => controller.abort(o.signal?.reason);
  o.signal?.addEventListener("abort", onCallerAbort, { once: true });

  const interrupted = (e: unknown): AttemptFailure => {
    if (o.signal?.aborted) {
      return new AttemptFailure(netError("BULWARK_NET_UNREACHABLE", url, `download of ${url} was cancelled`), false);
    }
    if (timedOut) {
      const limit = timedOut === "idle" ? policy.idleTimeoutMs : policy.attemptTimeoutMs;
      const what = timedOut === "idle" ? `received nothing for ${limit} ms` : `took longer than ${limit} ms`;
      return new AttemptFailure(
        netError("BULWARK_NET_TIMEOUT", url, `download of ${url} ${what}`, { timeoutMs: limit }),
        true,
      );
    }
    return new AttemptFailure(
      netError("BULWARK_NET_UNREACHABLE", url, `cannot download ${url}: ${describeCause(e)}`, {}, e),
      true,
    );
  };

  try {
    const headers: Record<string, string> = { "user-agent": "bulwark-db-update" };
    if (o.validators?.etag) headers["if-none-match"] = o.validators.etag;
    if (o.validators?.lastModified) headers["if-modified-since"] = o.validators.lastModified;
    let res: Response;
    try {
      res = await o.fetch(url, { headers, signal: controller.signal, redirect: "follow" });
    } catch (e) {
      throw interrupted(e);
    }
    touch();
    if (res.status === 304 && (o.validators?.etag || o.validators?.lastModified)) {
      await res.body?.cancel().catch(() => {});
      return { status: "not-modified" as const };
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => {});
      const retryable = res.status === 429 || res.status >= 500;
      const retryAfterMs = retryable ? parseRetryAfter(res.headers.get("retry-after"), o.now()) : undefined;
      const error = netError(
        "BULWARK_NET_HTTP_STATUS",
        url,
        `${url} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
        { status: res.status },
      );
      throw new AttemptFailure(error, retryable, retryAfterMs);
    }
    const expected = contentLength(res);
    if (expected !== undefined && expected > o.maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw new AttemptFailure(
        netError("BULWARK_NET_BAD_CONTENT", url, `${url} is ${expected} bytes; the limit is ${o.maxBytes}`, {
          size: expected,
          maxBytes: o.maxBytes,
        }),
        false,
      );
    }
    const chunks: Uint8Array[] = [];
    let received = 0;
    o.onProgress?.({ url, attempt, received, total: expected });
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        let step: Awaited<ReturnType<typeof reader.read>>;
        try {
          step = await reader.read();
        } catch (e) {
          throw interrupted(e);
        }
        if (step.done) break;
        touch();
        received += step.value.byteLength;
        if (received > o.maxBytes) {
          // Stop reading at once: a hostile or broken server must not fill memory.
          controller.abort();
          await reader.cancel().catch(() => {});
          throw new AttemptFailure(
            netError("BULWARK_NET_BAD_CONTENT", url, `${url} sent more than the limit of ${o.maxBytes} bytes`, {
              maxBytes: o.maxBytes,
            }),
            false,
          );
        }
        chunks.push(step.value);
        o.onProgress?.({ url, attempt, received, total: expected });
      }
    }
    if (expected !== undefined && received !== expected) {
      // A cut connection can look like a clean end; a short body is worth another try.
      throw new AttemptFailure(
        netError("BULWARK_NET_BAD_CONTENT", url, `${url} sent ${received} of the ${expected} bytes announced`, {
          received,
          expected,
        }),
        true,
      );
    }
    return {
      status: "ok" as const,
      bytes: concat(chunks, received),
      etag: res.headers.get("etag") ?? undefined,
      lastModified: res.headers.get("last-modified") ?? undefined,
    };
  } finally {
    clearTimeout(total);
    clearTimeout(idle);
    o.signal?.removeEventListener("abort", onCallerAbort);
  }
}

/**
 * GET `url` with conditional headers, retries (network errors, timeouts, 429 and 5xx;
 * never other 4xx), a size limit and progress events. Failures are BulwarkErrors with
 * BULWARK_NET_* codes whose details name the URL.
 */
export async function download(url: string, options: DownloadOptions): Promise<DownloadResult> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error(`unsupported ${parsed.protocol}`);
  } catch (e) {
    throw netError("BULWARK_NET_UNREACHABLE", url, `${url} is not an http(s) URL (${(e as Error).message})`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await attemptOnce(url, attempt, options, policy);
      return { ...result, attempts: attempt };
    } catch (e) {
      if (!(e instanceof AttemptFailure)) throw e;
      const { error, retryable, retryAfterMs } = e;
      error.details.attempts = attempt;
      if (!retryable || attempt >= policy.maxAttempts || options.signal?.aborted) throw error;
      if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
        // The server says it is down for longer than we wait; report that instead of hammering it.
        error.details.retryAfterMs = retryAfterMs;
        throw error;
      }
      const delayMs = retryAfterMs ?? backoffDelay(attempt, policy, random);
      options.onRetry?.({ url, attempt, delayMs, code: error.code, reason: error.message });
      await options.sleep(delayMs);
      if (options.signal?.aborted) {
        throw netError("BULWARK_NET_UNREACHABLE", url, `download of ${url} was cancelled`, { attempts: attempt });
      }
    }
  }
}

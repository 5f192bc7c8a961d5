import { BulwarkError, ERROR_CODES, type ErrorCode } from "@bulwark/core";

/** Where the server is and who is asking. */
export interface ApiClientOptions {
  /** The server's base URL (`https://bulwark.example.org`, or with a path prefix). */
  readonly server: string;
  /** An API token (`bwk_…`). */
  readonly token: string;
  /** Per-request time limit in milliseconds (default 60 s). */
  readonly timeoutMs?: number;
}

/** Query parameters; undefined values are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** One request: JSON in and out, or raw bytes in (`body` as a string with its content type). */
interface RequestSpec {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly path: string;
  readonly query?: Query;
  readonly json?: unknown;
  readonly raw?: { readonly body: string; readonly contentType: string };
  readonly timeoutMs?: number;
}

const SERVER_HINT = "Check --server (or BULWARK_SERVER) and that the Bulwark server there is running.";

/** The most specific reason Node's fetch gives for a failure (`ECONNREFUSED`, `ENOTFOUND` …). */
function causeOf(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return e instanceof Error ? e.message : String(e);
}

/** A server's `{code, message, details}` as the BulwarkError it stood for; anything else by its status. */
function errorFromResponse(method: string, url: URL, status: number, text: string): BulwarkError {
  let body: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  const code = body?.code;
  if (typeof code === "string" && code in ERROR_CODES && typeof body?.message === "string") {
    const details = (typeof body.details === "object" && body.details !== null ? body.details : {}) as Record<
      string,
      unknown
    >;
    const { hint, ...rest } = details;
    let message = body.message;
    // Schema failures name each problem only in details; the CLI shows them in the message.
    const problems = Array.isArray(rest.problems) ? (rest.problems as { pointer?: unknown; message?: unknown }[]) : [];
    if (code === "BULWARK_REQUEST_INVALID" && problems.length > 0) {
      message += `: ${problems
        .slice(0, 5)
        .map((p) => `${typeof p.pointer === "string" ? `${p.pointer} ` : ""}${String(p.message)}`)
        .join("; ")}`;
    }
    let theHint = typeof hint === "string" ? hint : undefined;
    if (code === "BULWARK_OBJECT_NOT_FOUND" && message.startsWith("no route ")) {
      theHint = "The server does not have this endpoint: it may be older than this CLI; upgrade the server.";
    }
    return new BulwarkError(code as ErrorCode, message, {
      details: { ...rest, status },
      ...(theHint !== undefined && { hint: theHint }),
    });
  }
  return new BulwarkError("BULWARK_NET_HTTP_STATUS", `${method} ${url.pathname} answered HTTP ${status}`, {
    details: { url: url.toString(), status },
    hint: `${SERVER_HINT} The answer was not a Bulwark error, so --server may name another service.`,
  });
}

/**
 * A small typed client of the clearinghouse's REST API for the CLI: bearer token, JSON bodies,
 * the server's coded errors re-thrown as the same {@link BulwarkError} (so the CLI prints them and
 * exits with their exit code), and network failures as coded errors with a hint.
 */
export class ApiClient {
  readonly #base: URL;
  readonly #token: string;
  readonly #timeoutMs: number;

  constructor(opts: ApiClientOptions) {
    let base: URL;
    try {
      base = new URL(opts.server.endsWith("/") ? opts.server : `${opts.server}/`);
    } catch {
      throw new BulwarkError(
        "BULWARK_CLI_USAGE",
        `--server takes a URL such as https://bulwark.example.org, not ${JSON.stringify(opts.server)}`,
      );
    }
    if (base.protocol !== "http:" && base.protocol !== "https:") {
      throw new BulwarkError("BULWARK_CLI_USAGE", `--server must be an http or https URL, not ${opts.server}`);
    }
    this.#base = base;
    this.#token = opts.token;
    this.#timeoutMs = opts.timeoutMs ?? 60_000;
  }

  /** GET a JSON document. */
  get<T>(path: string, query?: Query): Promise<T> {
    return this.#request<T>({ method: "GET", path, ...(query !== undefined && { query }) });
  }

  /** POST a JSON body, answer parsed. */
  post<T>(path: string, json: unknown, query?: Query): Promise<T> {
    return this.#request<T>({ method: "POST", path, json, ...(query !== undefined && { query }) });
  }

  /** PATCH a JSON body (a partial change); the answer's JSON. */
  patch<T>(path: string, json: unknown): Promise<T> {
    return this.#request<T>({ method: "PATCH", path, json });
  }

  /** POST a file's bytes (as text) with its content type; uploads get ten minutes. */
  upload<T>(path: string, body: string, contentType: string, query?: Query): Promise<T> {
    return this.#request<T>({
      method: "POST",
      path,
      raw: { body, contentType },
      timeoutMs: Math.max(this.#timeoutMs, 600_000),
      ...(query !== undefined && { query }),
    });
  }

  /** Every item of a list endpoint that pages with `?cursor=` and answers `{items, nextCursor}`. */
  async all<T>(path: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.get<{ items: T[]; nextCursor?: string }>(path, {
        ...query,
        limit: 200,
        ...(cursor !== undefined && { cursor }),
      });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return items;
  }

  async #request<T>(spec: RequestSpec): Promise<T> {
    const url = new URL(spec.path.replace(/^\//, ""), this.#base);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token}`, accept: "application/json" };
    let body: string | undefined;
    if (spec.raw !== undefined) {
      headers["content-type"] = spec.raw.contentType;
      body = spec.raw.body;
    } else if (spec.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(spec.json);
    }
    const timeoutMs = spec.timeoutMs ?? this.#timeoutMs;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: spec.method,
        headers,
        ...(body !== undefined && { body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (e) {
      if ((e as { name?: unknown }).name === "TimeoutError") {
        throw new BulwarkError(
          "BULWARK_NET_TIMEOUT",
          `${spec.method} ${url.pathname} got no answer from ${url.origin} within ${timeoutMs / 1000} s`,
          { cause: e, hint: SERVER_HINT },
        );
      }
      throw new BulwarkError(
        "BULWARK_NET_UNREACHABLE",
        `cannot reach the Bulwark server at ${url.origin}: ${causeOf(e)}`,
        {
          cause: e,
          hint: SERVER_HINT,
          details: { url: url.origin },
        },
      );
    }
    if (!response.ok) throw errorFromResponse(spec.method, url, response.status, text);
    if (response.status === 204 || text === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new BulwarkError("BULWARK_NET_BAD_CONTENT", `${spec.method} ${url.pathname} did not answer with JSON`, {
        cause: e,
        hint: `${SERVER_HINT} --server may name another service.`,
      });
    }
  }
}

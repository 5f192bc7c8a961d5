import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./generated/openapi.ts";

export type { components, paths } from "./generated/openapi.ts";

/** The named schemas of the API (Alert, Asset, Inventory, ErrorBody …). */
export type Schemas = components["schemas"];

/** The typed client: `client.GET("/api/v1/alerts", { params: { query } })` and so on. */
export type BulwarkClient = Client<paths>;

/** How a client reaches the server and proves who is asking. */
export interface BulwarkClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:8080`; empty for the page's own origin (the console). */
  readonly baseUrl?: string;
  /** An API token (`bwk_…`), sent as a bearer token (the CLI and scripts). */
  readonly token?: string;
  /**
   * The signed-in session's CSRF token, read on every request because it changes at sign-in; the
   * console sends the session cookie, and the server wants this header on every unsafe request.
   */
  readonly csrfToken?: () => string | undefined;
  /** Another fetch (tests, proxies). */
  readonly fetch?: typeof fetch;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** A client for the clearinghouse API, typed from the server's OpenAPI document. */
export function createBulwarkClient(options: BulwarkClientOptions = {}): BulwarkClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? "",
    ...(options.fetch !== undefined && { fetch: options.fetch }),
    credentials: "same-origin",
  });
  const auth: Middleware = {
    onRequest({ request }) {
      if (options.token !== undefined) request.headers.set("authorization", `Bearer ${options.token}`);
      const csrf = options.csrfToken?.();
      if (csrf !== undefined && UNSAFE.has(request.method)) request.headers.set("x-csrf-token", csrf);
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** An error the server answered with: its stable `BULWARK_*` code, message and details. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    /** The stable code (docs/errors.md), or `BULWARK_NETWORK` when no answer came. */
    readonly code: string,
    message: string,
    /** The HTTP status, 0 when no answer came. */
    readonly status: number,
    /** What the server added: problems in an upload, a lock's end … */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

function isErrorBody(value: unknown): value is Schemas["ErrorBody"] {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string";
}

/**
 * The answer's data, or an {@link ApiError} carrying the server's code. Wrap every call in it so a
 * page handles one kind of failure.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Exclude<T, undefined>> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (e) {
    throw new ApiError("BULWARK_NETWORK", `the server could not be reached (${(e as Error).message})`, 0);
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) {
    if (isErrorBody(error)) {
      throw new ApiError(
        error.code,
        error.message,
        response.status,
        (error as { details?: Record<string, unknown> }).details,
      );
    }
    throw new ApiError(`BULWARK_HTTP_${response.status}`, `the server answered ${response.status}`, response.status);
  }
  return data as Exclude<T, undefined>;
}

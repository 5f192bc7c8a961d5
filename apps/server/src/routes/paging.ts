import { createHash } from "node:crypto";
import { BulwarkError } from "@bulwark/core";
import type { FastifyReply, FastifyRequest } from "fastify";

/** `?limit=&cursor=` of list endpoints. */
export interface PageQuery {
  limit?: number;
  cursor?: string;
}

/** The JSON Schema of {@link PageQuery}. */
export const PAGE_QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
    cursor: { type: "string", maxLength: 1024 },
  },
} as const;

/** A page of a list and the cursor of the next one. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

function decodeCursor(cursor: string): string {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof v.after === "string") return v.after;
  } catch {
    // fall through to the coded error
  }
  throw new BulwarkError("BULWARK_REQUEST_INVALID", "the cursor is not one this server gave out", {
    hint: "Start again without cursor, then pass nextCursor from each page.",
  });
}

/**
 * Keyset pagination: `load(after, limit + 1)` reads one extra row to know whether there is a next
 * page; the cursor is an opaque encoding of the last key, so pages stay stable under inserts.
 */
export async function pageOf<T>(
  query: PageQuery,
  load: (after: string | undefined, limit: number) => Promise<T[]>,
  keyOf: (item: T) => string,
): Promise<Page<T>> {
  const limit = query.limit ?? 50;
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await load(after, limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return rows.length > limit && last !== undefined
    ? { items, nextCursor: Buffer.from(JSON.stringify({ after: keyOf(last) })).toString("base64url") }
    : { items };
}

/** Answer with an ETag over the body, or 304 when the client's If-None-Match matches it. */
export function withEtag<T>(request: FastifyRequest, reply: FastifyReply, body: T): T | FastifyReply {
  const etag = `"${createHash("sha256").update(JSON.stringify(body)).digest("base64url").slice(0, 27)}"`;
  void reply.header("etag", etag);
  const match = request.headers["if-none-match"];
  if (match?.split(",").some((m) => m.trim() === etag)) return reply.status(304).send();
  return body;
}

import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";

/**
 * ETags on every successful read: a strong validator over the answer's bytes, and 304 Not
 * Modified when the client's If-None-Match already names it. Routes that set their own ETag keep it.
 */
export function registerEtags(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    if ((request.method !== "GET" && request.method !== "HEAD") || reply.statusCode !== 200) return payload;
    if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
    let etag = reply.getHeader("etag");
    if (etag === undefined) {
      etag = `"${createHash("sha256").update(payload).digest("base64url").slice(0, 27)}"`;
      void reply.header("etag", etag);
    }
    const match = request.headers["if-none-match"];
    if (match?.split(",").some((m) => m.trim() === etag || m.trim() === "*")) {
      void reply.code(304);
      return "";
    }
    return payload;
  });
}

import type { Readable } from "node:stream";
import { BulwarkError } from "@bulwark/core";
import type { FastifyInstance, FastifyRequest } from "fastify";

/**
 * The raw body of an upload, refused with `BULWARK_REQUEST_TOO_LARGE` as soon as it passes
 * `limit` bytes (declared or actually sent); `what` names it in the message ("an inventory upload").
 */
export async function readLimited(
  request: FastifyRequest,
  payload: Readable,
  limit: number,
  what: string,
): Promise<Buffer> {
  const tooLarge = () =>
    new BulwarkError("BULWARK_REQUEST_TOO_LARGE", `${what} may have at most ${limit} bytes`, { details: { limit } });
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const b = chunk as Buffer;
    size += b.byteLength;
    if (size > limit) throw tooLarge();
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * The last path segment of a client-given file name, without control characters, so it can never
 * name anything but the upload itself; `fallback` when nothing usable is left.
 */
export function cleanFilename(given: string | undefined, fallback: string): string {
  const last = (given ?? "").split(/[/\\]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const name = last.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return name === "" || name === "." || name === ".." ? fallback : name.slice(0, 255);
}

/**
 * The upload's file name, from `?filename=` or an `x-filename` header, cleaned by
 * {@link cleanFilename}; `fallback` when neither names one.
 */
export function uploadFilename(
  request: FastifyRequest<{ Querystring: { filename?: string } }>,
  fallback: string,
): string {
  const header = request.headers["x-filename"];
  return cleanFilename(request.query.filename ?? (typeof header === "string" ? header : undefined), fallback);
}

/**
 * Register routes that take a file's bytes as they are, whatever the content type says: in their
 * own Fastify context with one raw parser that refuses bodies over `limit` bytes (`what` names the
 * upload in the error).
 */
export function registerRawUploads(
  app: FastifyInstance,
  limit: number,
  what: string,
  routes: (scope: FastifyInstance) => void,
): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (request: FastifyRequest, payload: Readable) =>
      readLimited(request, payload, limit, what),
    );
    routes(scope);
  });
}

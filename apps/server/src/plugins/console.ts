import { existsSync, readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ErrorBody } from "./errors.ts";

// Paths the API and operations own: an unknown one is a JSON 404, never the console's page.
const API_PREFIXES = ["/api/", "/v1/", "/.well-known/", "/docs", "/openapi.json", "/metrics", "/healthz", "/readyz"];

/**
 * What the console's page may load: its own scripts, styles, fonts and images, and requests to its
 * own origin. Inline styles are allowed because the component library sets a few; scripts are not.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header("content-security-policy", CONSOLE_CSP)
    .header("x-content-type-options", "nosniff")
    .header("x-frame-options", "DENY")
    .header("referrer-policy", "no-referrer");
}

/**
 * Serve the built web console (`apps/web/dist`) at `/`: its hashed assets with a year's cache, and
 * its page for every other GET outside the API, so deep links such as `/alerts/…` load the app,
 * which then routes in the browser. Without a built console (API-only installs) nothing is added.
 * Returns whether the console is served.
 */
export async function registerConsole(app: FastifyInstance, webDir: string | undefined): Promise<boolean> {
  const indexPath = webDir === undefined ? undefined : join(webDir, "index.html");
  if (webDir === undefined || indexPath === undefined || !existsSync(indexPath)) return false;
  const page = readFileSync(indexPath);
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: "/",
    // One route per built file, found at start: no file system look-up for API requests.
    wildcard: false,
    index: false,
    serve: true,
    cacheControl: false,
    // @fastify/static hands over the raw response when it streams a file and the reply otherwise.
    setHeaders(res, path) {
      const set = (name: string, value: string) => {
        const raw = res as unknown as Partial<ServerResponse>;
        if (typeof raw.setHeader === "function") raw.setHeader(name, value);
        else void res.header(name, value);
      };
      set("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "public, max-age=300");
      set("x-content-type-options", "nosniff");
    },
  });
  const sendPage = (reply: FastifyReply) =>
    securityHeaders(reply).header("cache-control", "no-cache").type("text/html; charset=utf-8").send(page);
  app.get("/", { schema: { hide: true } }, (_request, reply) => sendPage(reply));
  app.get("/*", { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (API_PREFIXES.some((p) => path.startsWith(p))) {
      return reply.status(404).send({
        code: "BULWARK_OBJECT_NOT_FOUND",
        message: `no route ${request.method} ${path}`,
        details: {},
      } satisfies ErrorBody);
    }
    return sendPage(reply);
  });
  return true;
}

import { randomUUID } from "node:crypto";
import {
  ApiTokenRepository,
  type BlobStore,
  type ServerDb,
  type ServerSigner,
  SessionRepository,
  UserRepository,
} from "@bulwark/db";
import { AjvCompiler } from "@fastify/ajv-compiler";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { ServerKnowledge } from "./knowledge.ts";
import type { SharedKnowledge } from "./monitor/shared-knowledge.ts";
import type { PasswordVerifier } from "./passwords.ts";
import { bearerTokens, registerAuthentication } from "./plugins/auth.ts";
import { registerConsole } from "./plugins/console.ts";
import { registerErrorHandling } from "./plugins/errors.ts";
import { registerEtags } from "./plugins/etag.ts";
import { registerMetrics } from "./plugins/metrics.ts";
import { registerOpenApi } from "./plugins/openapi.ts";
import { registerSessionCookies, sessionCookies } from "./plugins/session.ts";
import { registerAdvisoryRoutes } from "./routes/advisories.ts";
import { registerAlertSummaryRoutes } from "./routes/alert-summary.ts";
import { registerAlertRoutes } from "./routes/alerts.ts";
import { registerAssetRoutes } from "./routes/assets.ts";
import { registerAuthRoutes } from "./routes/auth.ts";
import { registerBulletinRoutes } from "./routes/bulletins.ts";
import { registerComponentRoutes } from "./routes/components.ts";
import { registerDemoRoutes } from "./routes/demo.ts";
import { registerHealthRoutes } from "./routes/health.ts";
import { registerInboxRoutes } from "./routes/inbox.ts";
import { registerKnowledgeSearchRoutes } from "./routes/knowledge-search.ts";
import { registerMeRoute } from "./routes/me.ts";
import { registerMemberRoutes } from "./routes/members.ts";
import { registerNotificationSettingsRoutes } from "./routes/notification-settings.ts";
import { registerOrgRoutes } from "./routes/orgs.ts";
import { registerOsvRoutes } from "./routes/osv.ts";
import { registerSectorRoutes } from "./routes/sectors.ts";
import { registerSetupRoutes } from "./routes/setup.ts";
import { registerSigningKeyRoutes } from "./routes/signing-key.ts";
import { registerTokenRoutes } from "./routes/tokens.ts";
import { registerWebhookRoutes } from "./routes/webhooks.ts";

/** What the server is built from: its database, knowledge base, clock and settings. */
export interface AppDeps {
  readonly db: ServerDb;
  /** Whether e-mail is configured and the public URL for links (bulletins published through the API). */
  readonly notify?: { readonly email: boolean; readonly publicUrl?: string };
  /** The upload route's warm matching state (start.ts warms it from the inventories at start). */
  readonly sharedKnowledge?: SharedKnowledge;
  readonly knowledge: ServerKnowledge;
  /** The clock for every timestamp and expiry (tests pass a fixed one). */
  readonly clock?: () => Date;
  readonly version: string;
  readonly logLevel?: string;
  /** Largest request body in bytes (default 10 MiB; a 1,000-query batch is well under 1 MiB). */
  readonly bodyLimit?: number;
  /**
   * Which proxies' X-Forwarded-For/-Proto to believe (Fastify's `trustProxy`; default none). Behind a
   * proxy, set it so sign-in rate limits see client addresses and cookies see the client's HTTPS.
   */
  readonly trustProxy?: FastifyServerOptions["trustProxy"];
  /** Always mark the session cookie Secure (see SessionCookieOptions); else only on HTTPS requests. */
  readonly secureCookies?: boolean;
  /** Password checks for sign-in (tests pass cheap argon2 parameters; production's are the default). */
  readonly passwords?: PasswordVerifier;
  /** The server's signing key, which signs uploaded patch artifacts (start.ts passes `ensureSigningKey`'s). */
  readonly signer?: ServerSigner;
  /** Where patch artifacts are stored (start.ts: `LocalBlobStore.inDataDir(dataDir)`). */
  readonly blobs?: BlobStore;
  /** The built web console (`apps/web/dist`) served at `/`; undefined serves none (API only). */
  readonly webDir?: string;
  /** The bundled fixtures the demo seed loads (`ServerConfig.fixturesDir`); undefined: no demo. */
  readonly fixturesDir?: string;
}

// Request ids from a proxy are kept when they look like ids, so logs line up across hops.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Query strings and path parameters arrive as text, so they are coerced to the schema's types
 * (`?limit=20`); request bodies are JSON and are not: `{"name": 5}` is an error, not "5".
 */
function bodiesWithoutCoercion(): ReturnType<typeof AjvCompiler> {
  const factory = AjvCompiler();
  // biome-ignore lint/suspicious/noExplicitAny: the factory's option and route types are unions Fastify narrows itself
  const build = (externalSchemas: any, options: any) => {
    const lenient = factory(externalSchemas, options);
    const strict = factory(externalSchemas, {
      ...options,
      customOptions: { ...(options?.customOptions ?? {}), coerceTypes: false },
    });
    // biome-ignore lint/suspicious/noExplicitAny: as above
    return (route: any) => (route.httpPart === "body" ? strict : lenient)(route);
  };
  return build as ReturnType<typeof AjvCompiler>;
}

/** The Fastify application: plugins, then routes. Listening is the caller's job (tests use inject). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? (() => new Date());
  const app = Fastify({
    logger: { level: deps.logLevel ?? "info", redact: ["req.headers.authorization", "req.headers.cookie"] },
    bodyLimit: deps.bodyLimit ?? 10 * 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: true } },
    schemaController: { compilersFactory: { buildValidator: bodiesWithoutCoercion() } },
  });
  app.addHook("onSend", async (request, reply) => {
    void reply.header("x-request-id", request.id);
  });
  registerErrorHandling(app);
  await registerOpenApi(app, deps.version);
  registerMetrics(app);
  registerEtags(app);
  const users = new UserRepository(deps.db.kysely);
  // Bearer tokens first: a request with a token is judged by it, never by an ambient cookie.
  await registerSessionCookies(app);
  registerAuthentication(
    app,
    [
      bearerTokens(new ApiTokenRepository(deps.db.kysely), users),
      sessionCookies(new SessionRepository(deps.db.kysely), users),
    ],
    clock,
  );
  registerAuthRoutes(app, deps.db, clock, {
    ...(deps.secureCookies !== undefined && { secureCookies: deps.secureCookies }),
    ...(deps.passwords !== undefined && { passwords: deps.passwords }),
  });
  registerHealthRoutes(app, deps.db);
  registerOsvRoutes(app, deps.knowledge);
  registerSigningKeyRoutes(app, deps.db);
  registerMeRoute(app, deps.db);
  registerOrgRoutes(app, deps.db, clock);
  registerMemberRoutes(app, deps.db, clock);
  registerTokenRoutes(app, deps.db, clock);
  registerAdvisoryRoutes(app, deps.db, clock);
  registerWebhookRoutes(app, deps.db, clock);
  registerAssetRoutes(app, deps.db, clock, {
    ...(deps.sharedKnowledge !== undefined && { sharedKnowledge: deps.sharedKnowledge }),
  });
  registerInboxRoutes(app, deps.db, clock);
  registerNotificationSettingsRoutes(app, deps.db);
  registerBulletinRoutes(
    app,
    deps.db,
    clock,
    {
      ...(deps.signer !== undefined && { signer: deps.signer }),
      ...(deps.blobs !== undefined && { blobs: deps.blobs }),
    },
    { ...(deps.notify !== undefined && { notify: deps.notify }) },
  );
  registerSectorRoutes(app, deps.db, clock);
  // Before the alert routes: /api/v1/alerts/summary is static, /api/v1/alerts/:id parametric.
  registerAlertSummaryRoutes(app, deps.db, clock);
  registerAlertRoutes(app, deps.db, clock);
  registerComponentRoutes(app, deps.db);
  registerKnowledgeSearchRoutes(app, deps.db);
  registerSetupRoutes(app, deps.db);
  registerDemoRoutes(app, deps.db, clock, {
    ...(deps.fixturesDir !== undefined && { fixturesDir: deps.fixturesDir }),
    ...(deps.sharedKnowledge !== undefined && { sharedKnowledge: deps.sharedKnowledge }),
  });
  // Last: its catch-all page must not shadow any API route.
  await registerConsole(app, deps.webDir);
  return app;
}

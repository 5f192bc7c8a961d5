import { BulwarkError } from "@bulwark/core";
import {
  ensureSigningKey,
  KnowledgeBase,
  LocalBlobStore,
  migrateServerDb,
  openJobQueue,
  openServerDb,
  resolveMasterKey,
  type ServerDb,
  type ServerSigner,
  UserRepository,
} from "@bulwark/db";
import { buildApp } from "./app.ts";
import { bootstrapAdmin } from "./bootstrap.ts";
import { deliverBulletins } from "./bulletins/deliver.ts";
import type { ServerConfig } from "./config.ts";
import { KB_SYNC_JOB, syncKnowledgeBase } from "./jobs/kb-sync.ts";
import { RISK_EXPIRY_CRON, RISK_EXPIRY_JOB, reopenExpiredRisks } from "./jobs/risk-expiry.ts";
import { nodeName, purgeSessions, SESSIONS_PURGE_CRON, SESSIONS_PURGE_JOB } from "./jobs/sessions-purge.ts";
import { knowledgeOf } from "./kb-knowledge.ts";
import { monitorKnowledgeChanges } from "./monitor/monitor-pass.ts";
import { SharedKnowledge } from "./monitor/shared-knowledge.ts";
import {
  createMailer,
  deliverDueEmails,
  deliverDueWebhooks,
  type Mailer,
  NOTIFY_DIGEST_JOB,
  notifyAlertEvents,
  sendDigests,
} from "./notify/index.ts";
import { type BackgroundPass, startBackgroundLoop } from "./workers.ts";

/** The e-mail of the administrator a fresh server creates. */
export const FIRST_ADMIN_EMAIL = "admin@bulwark.localhost";

/** A running server. */
export interface RunningServer {
  /** `http://host:port` it listens on. */
  readonly url: string;
  readonly db: ServerDb;
  /** Stop accepting requests, let in-flight ones finish, close the database. */
  stop(): Promise<void>;
}

/** Open (and migrate) the server database named by the configuration. */
export async function openMigrated(config: Pick<ServerConfig, "dataDir" | "databaseUrl">): Promise<ServerDb> {
  const db = openServerDb({
    dataDir: config.dataDir,
    ...(config.databaseUrl !== undefined && { databaseUrl: config.databaseUrl }),
  });
  try {
    await migrateServerDb(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

/** The background passes every node runs, in order: alerts first, then what tells people about them. */
function backgroundPasses(db: ServerDb, config: ServerConfig, mailer: Mailer | undefined): BackgroundPass[] {
  const now = () => new Date();
  const notify = {
    now,
    email: mailer !== undefined,
    ...(config.publicUrl !== undefined && { publicUrl: config.publicUrl }),
  };
  return [
    { name: "monitor", run: () => monitorKnowledgeChanges(db, { now }) },
    { name: "notify", run: () => notifyAlertEvents(db, notify) },
    { name: "bulletins", run: () => deliverBulletins(db, notify) },
    { name: "webhooks", run: () => deliverDueWebhooks(db, { clock: now, notify }) },
    ...(mailer === undefined ? [] : [{ name: "email", run: () => deliverDueEmails(db, mailer, { now }) }]),
  ];
}

/**
 * Start the server: migrate, create the first administrator on an empty database (its one-time
 * credentials go to `announce`, once), listen, and stop gracefully on SIGTERM/SIGINT.
 */
export async function startServer(
  config: ServerConfig,
  opts: { version: string; announce: (text: string) => void; handleSignals?: boolean },
): Promise<RunningServer> {
  const db = await openMigrated(config);
  const knowledge = knowledgeOf(new KnowledgeBase(db));
  const now = new Date();
  if ((await new UserRepository(db.kysely).count()) === 0) {
    const first = await bootstrapAdmin(db, FIRST_ADMIN_EMAIL, now);
    if (first !== undefined) {
      opts.announce(
        [
          "First start: created the administrator. These credentials are shown once; keep them safe.",
          `  e-mail:    ${first.email}`,
          `  password:  ${first.password}`,
          `  API token: ${first.token}`,
          "",
        ].join("\n"),
      );
    }
  }
  // The signing key is made (or read) now, so a missing or wrong master key stops the start
  // instead of the first bulletin; the public key route then only reads its public half.
  let signer: ServerSigner;
  try {
    signer = await ensureSigningKey(db, resolveMasterKey(config), now);
  } catch (e) {
    await db.close();
    throw e;
  }
  const mailer = createMailer(config);
  const sharedKnowledge = new SharedKnowledge(new KnowledgeBase(db));
  const app = await buildApp({
    db,
    knowledge,
    sharedKnowledge,
    notify: { email: mailer !== undefined, ...(config.publicUrl !== undefined && { publicUrl: config.publicUrl }) },
    signer,
    blobs: LocalBlobStore.inDataDir(config.dataDir),
    version: opts.version,
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    secureCookies: config.secureCookies,
    ...(config.webDir !== undefined && { webDir: config.webDir }),
    ...(config.fixturesDir !== undefined && { fixturesDir: config.fixturesDir }),
  });
  // Jobs: the scheduled knowledge-base sync (what `bulwark db update` does for the CLI).
  const jobs = await openJobQueue(db, {
    ...(config.databaseUrl !== undefined && { databaseUrl: config.databaseUrl }),
    onError: (e) => app.log.error({ err: e }, "job queue error"),
  });
  // Monitoring and deliveries: passes over the database, so another process's imports count too.
  const background = startBackgroundLoop(backgroundPasses(db, config, mailer), {
    log: app.log,
    intervalMs: config.workerIntervalMs,
  });
  try {
    await jobs.work(KB_SYNC_JOB, async (job) => {
      const summary = await syncKnowledgeBase(db, config, { fetch, now: () => new Date() });
      app.log.info({ job: job.id, sources: summary.sources.map((s) => [s.source, s.status]) }, "knowledge base synced");
      background.kick();
    });
    if (config.syncCron !== "off") {
      await jobs.schedule(KB_SYNC_JOB, config.syncCron);
      // A knowledge base that has never been filled is synced now, not at the next tick.
      if ((await new KnowledgeBase(db).lastUpdate()) === undefined) {
        await jobs.enqueue(KB_SYNC_JOB, {}, { singletonKey: "first-sync" });
      }
    }
    // The hourly purge of ended sessions: local, cheap and harmless, so it is always on.
    const node = nodeName();
    await jobs.work(SESSIONS_PURGE_JOB, async (job) => {
      const purged = await purgeSessions(db, job, { now: new Date(), node });
      app.log.info({ job: job.id, purged }, "ended sessions purged");
    });
    await jobs.schedule(SESSIONS_PURGE_JOB, SESSIONS_PURGE_CRON);
    // Accepted risks are accepted until a date; after it, the alert is open again.
    await jobs.work(RISK_EXPIRY_JOB, async (job) => {
      const reopened = await reopenExpiredRisks(db, new Date());
      if (reopened > 0) app.log.info({ job: job.id, reopened }, "expired risk acceptances reopened");
      background.kick();
    });
    await jobs.schedule(RISK_EXPIRY_JOB, RISK_EXPIRY_CRON);
    // The daily digest of alerts users asked to get by digest rather than at once.
    if (mailer !== undefined && config.digestCron !== "off") {
      await jobs.work(NOTIFY_DIGEST_JOB, async (job) => {
        const sent = await sendDigests(db, {
          now: () => new Date(),
          email: true,
          ...(config.publicUrl !== undefined && { publicUrl: config.publicUrl }),
        });
        app.log.info({ job: job.id, sent }, "digests sent");
        background.kick();
      });
      await jobs.schedule(NOTIFY_DIGEST_JOB, config.digestCron);
    }
    try {
      await app.listen({ host: config.host, port: config.port });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new BulwarkError(
        "BULWARK_SERVER_LISTEN_FAILED",
        `cannot listen on ${config.host}:${config.port}${code ? ` (${code})` : ""}: ${(e as Error).message}`,
        { cause: e, details: { host: config.host, port: config.port } },
      );
    }
  } catch (e) {
    // A server that failed to start (a port in use, a database error) must not keep the process
    // alive: pg-boss's timers and the pools would, after the error was printed.
    await background.stop().catch(() => {});
    mailer?.close();
    await jobs.stop({ graceful: false }).catch(() => {});
    await app.close().catch(() => {});
    await db.close().catch(() => {});
    throw e;
  }
  // Uploads are matched at once; warming the matcher with the packages operators already run
  // keeps the first ones after a start as fast as the rest.
  const warming = Date.now();
  void sharedKnowledge
    .warmFromInventories(db)
    .then((n) => app.log.info({ packages: n, ms: Date.now() - warming }, "upload matcher warmed"))
    .catch((e) => app.log.warn({ err: e }, "warming the upload matcher failed; uploads read as they go"));
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // close() stops accepting connections and waits for in-flight requests; running jobs
      // get 30 s to finish, after which they are retried by the next start (or another node).
      await app.close();
      await background.stop();
      mailer?.close();
      await jobs.stop({ graceful: true, timeoutMs: 30_000 });
      await db.close();
    })();
    return stopping;
  };
  if (opts.handleSignals !== false) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        app.log.info({ signal }, "shutting down");
        void stop().then(() => process.exit(0));
      });
    }
  }
  return { url: `http://${host}:${port}`, db, stop };
}

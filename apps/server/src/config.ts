import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { BulwarkError } from "@bulwark/core";
import { parse as parseYaml } from "yaml";
import { findInCheckout } from "./repo-paths.ts";

/** Everything the server reads from its environment and command line, validated once at start. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** Embedded SQLite file and other local data live here. */
  readonly dataDir: string;
  /** PostgreSQL instead of the embedded SQLite file, when set. */
  readonly databaseUrl?: string;
  /** Log level for the JSON logs (`info` default; `silent` in tests). */
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /**
   * Which proxies' X-Forwarded-* headers to believe: false (default), true (any), or a
   * comma-separated list of proxy addresses/CIDRs. Set it behind a proxy, or every client shares the
   * proxy's address (and its sign-in rate limit) and HTTPS is not recognised.
   */
  readonly trustProxy: boolean | string;
  /** Always mark the session cookie Secure (when TLS ends before the server and trustProxy is off). */
  readonly secureCookies: boolean;
  /** Where the knowledge-base sync downloads from (as `bulwark db update`). */
  readonly osvBaseUrl: string;
  readonly kevUrl: string;
  readonly epssUrl: string;
  /** When the sync runs (5-field cron, UTC), or "off". Default: daily at 03:17. */
  readonly syncCron: string;
  /**
   * The 32-byte master key (base64) that encrypts the server's signing key at rest
   * (`BULWARK_MASTER_KEY`). Required with PostgreSQL, where every node must share it; on SQLite,
   * when unset, one is generated into `<data-dir>/master.key` at first start.
   */
  readonly masterKey?: string;
  /**
   * The SMTP server e-mail goes through (`smtp://host:port` or `smtps://user:pass@host:465`;
   * nodemailer URL options such as `?requireTLS=true` apply). Unset: no e-mail is queued, the
   * in-app inbox still gets everything.
   */
  readonly smtpUrl?: string;
  /** The From of Bulwark's e-mail. */
  readonly mailFrom: string;
  /** The server's address as users reach it (`https://bulwark.example`), for links in e-mail. */
  readonly publicUrl?: string;
  /** When the daily e-mail digest goes out (5-field cron, UTC), or "off". Default: 07:05. */
  readonly digestCron: string;
  /** Pause between ticks of the background loop (monitoring, notifications, deliveries), ms. Default 2000. */
  readonly workerIntervalMs: number;
  /** The built web console served at `/` (`BULWARK_WEB_DIR`; default the checkout's `apps/web/dist`). */
  readonly webDir?: string;
  /**
   * The bundled fixtures (advisories, demo SBOMs) the demo seed loads (`BULWARK_FIXTURES_DIR`;
   * default the checkout's `fixtures/`); undefined when neither exists.
   */
  readonly fixturesDir?: string;
}

/** Values given on the command line; they win over the environment, which wins over the file. */
export interface ServerConfigOverrides {
  readonly host?: string;
  readonly port?: string | number;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly logLevel?: string;
  readonly trustProxy?: string;
  readonly secureCookies?: string | boolean;
  /** A YAML or JSON configuration file (also `BULWARK_CONFIG`). */
  readonly config?: string;
}

/** Keys a configuration file may hold, with the environment variable each mirrors. */
const FILE_KEYS = {
  host: "BULWARK_HOST",
  port: "BULWARK_PORT",
  dataDir: "BULWARK_DATA_DIR",
  databaseUrl: "BULWARK_DATABASE_URL",
  logLevel: "BULWARK_LOG_LEVEL",
  trustProxy: "BULWARK_TRUST_PROXY",
  secureCookies: "BULWARK_SECURE_COOKIES",
  osvBaseUrl: "BULWARK_OSV_BASE_URL",
  kevUrl: "BULWARK_KEV_URL",
  epssUrl: "BULWARK_EPSS_URL",
  syncCron: "BULWARK_SYNC_CRON",
  masterKey: "BULWARK_MASTER_KEY",
  smtpUrl: "BULWARK_SMTP_URL",
  mailFrom: "BULWARK_MAIL_FROM",
  publicUrl: "BULWARK_PUBLIC_URL",
  digestCron: "BULWARK_DIGEST_CRON",
  workerIntervalMs: "BULWARK_WORKER_INTERVAL_MS",
  webDir: "BULWARK_WEB_DIR",
  fixturesDir: "BULWARK_FIXTURES_DIR",
} as const;

/** The settings in a configuration file, as text; unknown keys and wrong types are a coded error. */
function readConfigFile(path: string): Partial<Record<keyof typeof FILE_KEYS, string>> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw invalid(`cannot read configuration file ${path}: ${(e as Error).message}`, "Check the --config path.");
  }
  let doc: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    doc = parseYaml(text);
  } catch (e) {
    throw invalid(`configuration file ${path} is not valid YAML or JSON: ${(e as Error).message}`, "Fix the syntax.");
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw invalid(
      `configuration file ${path} must be a mapping of settings`,
      `Use keys: ${Object.keys(FILE_KEYS).join(", ")}.`,
    );
  }
  const out: Partial<Record<keyof typeof FILE_KEYS, string>> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (!Object.hasOwn(FILE_KEYS, key)) problems.push(`unknown key ${JSON.stringify(key)}`);
    else if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      problems.push(`${key} must be a string, number or boolean`);
    } else out[key as keyof typeof FILE_KEYS] = String(value);
  }
  if (problems.length > 0) {
    throw invalid(
      `configuration file ${path}: ${problems.join("; ")}`,
      `Known keys: ${Object.keys(FILE_KEYS).join(", ")}.`,
    );
  }
  return out;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function invalid(what: string, hint: string): BulwarkError {
  return new BulwarkError("BULWARK_CONFIG_INVALID", what, { hint });
}

/**
 * The server configuration from the command line, then `BULWARK_HOST`, `BULWARK_PORT`,
 * `BULWARK_DATA_DIR`, `BULWARK_DATABASE_URL`, `BULWARK_LOG_LEVEL`, then a configuration file
 * (`--config` or `BULWARK_CONFIG`: YAML or JSON with the keys host, port, dataDir, databaseUrl,
 * logLevel), then defaults (127.0.0.1:8080, ./data, embedded SQLite, info). Bad values are a
 * coded error naming the setting; nothing starts with a half-valid configuration.
 */
export function loadServerConfig(
  overrides: ServerConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ServerConfig {
  const configPath = overrides.config ?? (env.BULWARK_CONFIG || undefined);
  const file =
    configPath === undefined ? {} : readConfigFile(isAbsolute(configPath) ? configPath : resolve(cwd, configPath));
  const pick = (
    cli: string | number | undefined,
    name: (typeof FILE_KEYS)[keyof typeof FILE_KEYS],
  ): string | undefined => {
    if (cli !== undefined && cli !== "") return String(cli);
    const v = env[name];
    if (v !== undefined && v !== "") return v;
    const key = (Object.keys(FILE_KEYS) as (keyof typeof FILE_KEYS)[]).find((k) => FILE_KEYS[k] === name);
    return key === undefined ? undefined : file[key];
  };
  const host = pick(overrides.host, "BULWARK_HOST") ?? "127.0.0.1";
  const portText = pick(overrides.port, "BULWARK_PORT") ?? "8080";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw invalid(
      `port ${JSON.stringify(portText)} is not a TCP port`,
      "Use --port or BULWARK_PORT with a number from 0 to 65535.",
    );
  }
  const dataDirText = pick(overrides.dataDir, "BULWARK_DATA_DIR") ?? "data";
  const dataDir = isAbsolute(dataDirText) ? dataDirText : resolve(cwd, dataDirText);
  const databaseUrl = pick(overrides.databaseUrl, "BULWARK_DATABASE_URL");
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw invalid(
      "the database URL must start with postgres:// or postgresql://",
      "Use --database-url or BULWARK_DATABASE_URL, e.g. postgres://user@127.0.0.1:5432/bulwark; leave it unset for embedded SQLite.",
    );
  }
  const logLevel = pick(overrides.logLevel, "BULWARK_LOG_LEVEL") ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw invalid(`log level ${JSON.stringify(logLevel)} is unknown`, `Use one of: ${LOG_LEVELS.join(", ")}.`);
  }
  const trustText = pick(overrides.trustProxy, "BULWARK_TRUST_PROXY") ?? "false";
  const trustProxy = trustText === "true" ? true : trustText === "false" ? false : trustText;
  const secureText =
    pick(
      overrides.secureCookies === undefined ? undefined : String(overrides.secureCookies),
      "BULWARK_SECURE_COOKIES",
    ) ?? "false";
  if (secureText !== "true" && secureText !== "false") {
    throw invalid(
      `secure cookies must be true or false, not ${JSON.stringify(secureText)}`,
      "Set BULWARK_SECURE_COOKIES=true or false.",
    );
  }
  const syncCron = pick(undefined, "BULWARK_SYNC_CRON") ?? "17 3 * * *";
  if (syncCron !== "off" && syncCron.trim().split(/\s+/).length !== 5) {
    throw invalid(
      `sync schedule ${JSON.stringify(syncCron)} is not a 5-field cron expression`,
      'Use e.g. "17 3 * * *" (daily, UTC) or "off".',
    );
  }
  const masterKey = pick(undefined, "BULWARK_MASTER_KEY");
  if (masterKey !== undefined && !isMasterKey(masterKey)) {
    throw invalid(
      "the master key (BULWARK_MASTER_KEY) must be 32 bytes in base64 (44 characters)",
      "Generate one with `openssl rand -base64 32` and give every node the same value.",
    );
  }
  const smtpUrl = pick(undefined, "BULWARK_SMTP_URL");
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/?#]+/i.test(smtpUrl)) {
    throw invalid(
      "the SMTP URL (BULWARK_SMTP_URL) must be smtp://host:port or smtps://host:port",
      "Use e.g. smtp://mail.example.org:587 or smtps://user:password@mail.example.org:465; leave it unset to send no e-mail.",
    );
  }
  const mailFrom = pick(undefined, "BULWARK_MAIL_FROM") ?? "Bulwark <bulwark@localhost>";
  if (!/@[^\s@>]+/.test(mailFrom) || /[\r\n]/.test(mailFrom)) {
    throw invalid(
      `the mail sender (BULWARK_MAIL_FROM) ${JSON.stringify(mailFrom)} is not an e-mail address`,
      'Use e.g. "Bulwark <bulwark@example.org>".',
    );
  }
  const publicUrlText = pick(undefined, "BULWARK_PUBLIC_URL");
  const publicUrl = publicUrlText === undefined ? undefined : checkPublicUrl(publicUrlText);
  const digestCron = pick(undefined, "BULWARK_DIGEST_CRON") ?? "5 7 * * *";
  if (digestCron !== "off" && digestCron.trim().split(/\s+/).length !== 5) {
    throw invalid(
      `digest schedule ${JSON.stringify(digestCron)} is not a 5-field cron expression`,
      'Use e.g. "5 7 * * *" (daily at 07:05 UTC) or "off".',
    );
  }
  const intervalText = pick(undefined, "BULWARK_WORKER_INTERVAL_MS") ?? "2000";
  const workerIntervalMs = Number(intervalText);
  if (!/^\d+$/.test(intervalText) || workerIntervalMs < 100 || workerIntervalMs > 3_600_000) {
    throw invalid(
      `the background interval (BULWARK_WORKER_INTERVAL_MS) ${JSON.stringify(intervalText)} is not a number of milliseconds from 100 to 3600000`,
      "Leave it unset for 2000 (2 s).",
    );
  }
  const webDirText = pick(undefined, "BULWARK_WEB_DIR");
  const webDir = webDirText === undefined ? findInCheckout("apps/web/dist") : resolve(cwd, webDirText);
  const fixturesText = pick(undefined, "BULWARK_FIXTURES_DIR");
  const fixturesDir = fixturesText === undefined ? findInCheckout("fixtures") : resolve(cwd, fixturesText);
  return {
    host,
    port,
    dataDir,
    ...(databaseUrl !== undefined && { databaseUrl }),
    logLevel: logLevel as ServerConfig["logLevel"],
    trustProxy,
    secureCookies: secureText === "true",
    osvBaseUrl: pick(undefined, "BULWARK_OSV_BASE_URL") ?? "https://osv-vulnerabilities.storage.googleapis.com",
    kevUrl:
      pick(undefined, "BULWARK_KEV_URL") ??
      "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
    epssUrl: pick(undefined, "BULWARK_EPSS_URL") ?? "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz",
    syncCron,
    ...(masterKey !== undefined && { masterKey }),
    ...(smtpUrl !== undefined && { smtpUrl }),
    mailFrom,
    ...(publicUrl !== undefined && { publicUrl }),
    digestCron,
    workerIntervalMs,
    ...(webDir !== undefined && { webDir }),
    ...(fixturesDir !== undefined && { fixturesDir }),
  };
}

/** An http(s) URL without a trailing slash, so paths can be appended. */
function checkPublicUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw invalid(
      `the public URL (BULWARK_PUBLIC_URL) ${JSON.stringify(text)} is not an http(s) URL`,
      "Use the address users open the server at, e.g. https://bulwark.example.org.",
    );
  }
  return url.toString().replace(/\/+$/, "");
}

/** 32 bytes in canonical base64 (Buffer.from ignores junk, so the round trip is the check). */
function isMasterKey(text: string): boolean {
  const bytes = Buffer.from(text, "base64");
  return bytes.length === 32 && bytes.toString("base64") === text;
}

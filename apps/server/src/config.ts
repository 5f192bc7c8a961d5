import { isAbsolute, resolve } from "node:path";
import { BulwarkError } from "@bulwark/core";

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
}

/** Values given on the command line; they win over the environment. */
export interface ServerConfigOverrides {
  readonly host?: string;
  readonly port?: string | number;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly logLevel?: string;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function invalid(what: string, hint: string): BulwarkError {
  return new BulwarkError("BULWARK_CONFIG_INVALID", what, { hint });
}

/**
 * The server configuration from the command line, then `BULWARK_HOST`, `BULWARK_PORT`,
 * `BULWARK_DATA_DIR`, `BULWARK_DATABASE_URL`, `BULWARK_LOG_LEVEL`, then defaults
 * (127.0.0.1:8080, ./data, embedded SQLite, info). Bad values are a coded error naming the variable.
 */
export function loadServerConfig(
  overrides: ServerConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ServerConfig {
  const pick = (cli: string | number | undefined, name: string): string | undefined => {
    if (cli !== undefined && cli !== "") return String(cli);
    const v = env[name];
    return v === undefined || v === "" ? undefined : v;
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
  return {
    host,
    port,
    dataDir,
    ...(databaseUrl !== undefined && { databaseUrl }),
    logLevel: logLevel as ServerConfig["logLevel"],
  };
}

import type { Command } from "commander";

/** `--data-dir` and `--database-url`, shared by every command that works on the server's database. */
export interface ServerDbFlags {
  dataDir?: string;
  databaseUrl?: string;
  config?: string;
}

/** Add the server database flags to a command. */
export function withServerDbFlags(cmd: Command): Command {
  return cmd
    .option(
      "--data-dir <dir>",
      "server data directory with the embedded SQLite database (default: BULWARK_DATA_DIR or ./data)",
    )
    .option("--database-url <url>", "PostgreSQL instead of the embedded database (default: BULWARK_DATABASE_URL)")
    .option(
      "--config <file>",
      "YAML or JSON server configuration (default: BULWARK_CONFIG); flags and environment win",
    );
}

import { existsSync } from "node:fs";
import { BulwarkError } from "@bulwark/core";
import { AdvisoryDatabase, type DbStatus } from "@bulwark/db";
import type { Command } from "commander";
import type { CliConfig } from "../config.ts";
import { usageError } from "../errors.ts";
import { planImport } from "../io/import-inputs.ts";
import { runImport } from "../io/run-import.ts";
import { registerDbUpdate } from "./db-update.ts";
import { printImportSummary } from "./import-summary.ts";
import { type ServerDbFlags, withServerDbFlags } from "./server-options.ts";

/** Days after which `db status` (and later `scan`) calls the database stale. */
export const STALE_AFTER_DAYS = 7;

/** The human-readable staleness verdict for a database, given the current time. */
export function stalenessWarning(status: Pick<DbStatus, "lastUpdate">, now: Date): string | undefined {
  if (status.lastUpdate === undefined) return "the database is empty: run `bulwark db update` or `bulwark db import`";
  const ageDays = (now.getTime() - Date.parse(status.lastUpdate)) / 86_400_000;
  if (ageDays > STALE_AFTER_DAYS) {
    return `the database was last updated ${Math.floor(ageDays)} days ago (${status.lastUpdate}); run \`bulwark db update\``;
  }
  return undefined;
}

function printStatus(status: DbStatus, now: Date, write: (s: string) => void): void {
  write(`database: ${status.path} (schema ${status.schemaVersion})\n`);
  write(`advisories: ${status.advisories} (${status.withdrawn} withdrawn)\n`);
  for (const [eco, n] of Object.entries(status.byEcosystem)) write(`  ${eco.padEnd(24)} ${String(n).padStart(7)}\n`);
  write("sources:\n");
  for (const s of status.sources) {
    write(
      `  ${s.name.padEnd(24)} ${String(s.records).padStart(7)}  imported ${s.importedAt}${s.version ? `  version ${s.version}` : ""}\n`,
    );
  }
  write(`kev entries: ${status.kevEntries}\nepss scores: ${status.epssScores}\n`);
  write(`last update: ${status.lastUpdate ?? "never"}\n`);
  const warning = stalenessWarning(status, now);
  if (warning) write(`warning: ${warning}\n`);
}

/** `bulwark db ...`: import, update and inspect the local advisory database. */
export function registerDb(program: Command, config: CliConfig): void {
  const db = program.command("db").description("manage the local advisory database");

  db.command("import")
    .description("import osv.dev export zips, OSV JSON files or directories, the CISA KEV JSON, or an EPSS CSV")
    .argument("<path...>", "files or directories to import")
    .option("--db <file>", "advisory database file (default: BULWARK_DB or ~/.cache/bulwark/advisories.db)")
    .option("--data-dir <dir>", "import into a clearinghouse server's knowledge base (embedded database) instead")
    .option("--database-url <url>", "import into a clearinghouse server's knowledge base on PostgreSQL instead")
    .option("--json", "print the import summary as JSON on stdout")
    .action(async (paths: string[], opts: { db?: string; json?: boolean } & ServerDbFlags) => {
      const plan = planImport(paths);
      if (opts.dataDir !== undefined || opts.databaseUrl !== undefined) {
        if (opts.db !== undefined)
          throw usageError("--db names the CLI database; do not combine it with --data-dir/--database-url");
        const [server, { runServerImport }] = await Promise.all([
          import("@bulwark/server"),
          import("../io/run-server-import.ts"),
        ]);
        const target = await server.openMigrated(server.loadServerConfig(opts));
        try {
          const summary = await runServerImport(target, plan, new Date());
          if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          else printImportSummary(summary, (s) => process.stderr.write(s));
        } finally {
          await target.close();
        }
        return;
      }
      const database = AdvisoryDatabase.open(opts.db ?? config.dbPath);
      try {
        const summary = await runImport(database, plan);
        if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else printImportSummary(summary, (s) => process.stderr.write(s));
      } finally {
        database.close();
      }
    });

  withServerDbFlags(
    db.command("migrate").description("bring a clearinghouse server's database to the latest schema (idempotent)"),
  ).action(async (opts: ServerDbFlags) => {
    const server = await import("@bulwark/server");
    const opened = await server.openMigrated(server.loadServerConfig(opts));
    try {
      process.stderr.write(`server database ${opened.location} is up to date\n`);
    } finally {
      await opened.close();
    }
  });

  db.command("status")
    .description("records per ecosystem and source, last update, staleness")
    .option("--db <file>", "advisory database file")
    .option("--json", "print JSON")
    .action((opts: { db?: string; json?: boolean }) => {
      const path = opts.db ?? config.dbPath;
      // Status only reads: a missing database is reported, not created.
      if (!existsSync(path)) throw new BulwarkError("BULWARK_DB_EMPTY", `there is no advisory database at ${path}`);
      const database = AdvisoryDatabase.open(path, { readonly: true });
      try {
        const status = database.status();
        const now = new Date();
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ ...status, stale: stalenessWarning(status, now) ?? null }, null, 2)}\n`,
          );
        } else printStatus(status, now, (s) => process.stdout.write(s));
      } finally {
        database.close();
      }
    });

  registerDbUpdate(db, config);
}

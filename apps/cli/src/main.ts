import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { registerAdmin } from "./commands/admin.ts";
import { registerAlerts } from "./commands/alerts.ts";
import { registerAssets } from "./commands/assets.ts";
import { registerAudit } from "./commands/audit.ts";
import { registerDb } from "./commands/db.ts";
import { registerDemo } from "./commands/demo.ts";
import { registerOrgs } from "./commands/orgs.ts";
import { registerReport } from "./commands/report.ts";
import { registerSbom } from "./commands/sbom.ts";
import { registerScan } from "./commands/scan.ts";
import { registerServe } from "./commands/serve.ts";
import { registerSubmit } from "./commands/submit.ts";
import { registerTokens } from "./commands/tokens.ts";
import { registerVerify } from "./commands/verify.ts";
import { registerVersions } from "./commands/versions.ts";
import { loadConfig } from "./config.ts";
import { CommandExit, reportError, usageError } from "./errors.ts";
import { CLI_VERSION } from "./version.ts";

/** Build the `bulwark` program (exported for tests). */
export function buildProgram(): Command {
  const config = loadConfig();
  const program = new Command("bulwark")
    .description("Bulwark: find, validate and fix known vulnerabilities (an open AI cybersecurity clearinghouse)")
    .version(CLI_VERSION)
    .option("--debug", "show stack traces for errors")
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  program.enablePositionalOptions(false);
  registerVersions(program);
  registerDb(program, config);
  registerSbom(program);
  registerScan(program, config);
  registerServe(program);
  registerAdmin(program);
  registerAudit(program);
  registerVerify(program);
  registerOrgs(program);
  registerTokens(program);
  registerAssets(program);
  registerSubmit(program);
  registerAlerts(program);
  registerReport(program);
  registerDemo(program);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({ outputError: () => {} });
    for (const sub of cmd.commands) {
      sub.exitOverride();
      sub.configureOutput({ outputError: () => {} });
    }
  }
  return program;
}

/** Run the CLI with argv; resolves to the process exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: "node" });
    return 0;
  } catch (e) {
    if (e instanceof CommandExit) return e.exitCode;
    if (e instanceof CommanderError) {
      // --help and --version end with exitCode 0; everything else is a usage error.
      if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version") return 0;
      if (e.code === "commander.help") return 0;
      return reportError(usageError(e.message.replace(/^error: /, "")), debug);
    }
    return reportError(e, debug);
  }
}

/**
 * Run the CLI as a process: exit code from {@link run}, and a reader that closes the pipe
 * early (`bulwark ... | head`) ends the process quietly instead of with an EPIPE trace.
 */
export function runMain(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(0);
      throw e;
    });
  }
  // Exit only after stdout has drained, so piped output is never cut short.
  run(process.argv).then((code) => {
    process.exitCode = code;
  });
}

// Run when executed directly (`node apps/cli/dist/bulwark.js`); the bin launcher calls runMain().
const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url)) runMain();

import { Command, CommanderError } from "commander";
import { registerDb } from "./commands/db.ts";
import { registerVersions } from "./commands/versions.ts";
import { loadConfig } from "./config.ts";
import { reportError, usageError } from "./errors.ts";

/** Build the `bulwark` program (exported for tests). */
export function buildProgram(): Command {
  const config = loadConfig();
  const program = new Command("bulwark")
    .description("Bulwark: find, validate and fix known vulnerabilities (an open AI cybersecurity clearinghouse)")
    .version("0.1.0")
    .option("--debug", "show stack traces for errors")
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  program.enablePositionalOptions(false);
  registerVersions(program);
  registerDb(program, config);
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
    if (e instanceof CommanderError) {
      // --help and --version end with exitCode 0; everything else is a usage error.
      if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version") return 0;
      if (e.code === "commander.help") return 0;
      return reportError(usageError(e.message.replace(/^error: /, "")), debug);
    }
    return reportError(e, debug);
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bulwark.js");
if (isMain) {
  // Exit only after stdout has drained, so piped output is never cut short.
  run(process.argv).then((code) => {
    process.exitCode = code;
  });
}

import type { Command } from "commander";
import { CLI_VERSION } from "../version.ts";
import { type ServerDbFlags, withServerDbFlags } from "./server-options.ts";

/** `bulwark serve`: run the clearinghouse server. */
export function registerServe(program: Command): void {
  withServerDbFlags(
    program
      .command("serve")
      .description("run the clearinghouse server (embedded SQLite by default, PostgreSQL with --database-url)")
      .option("--host <host>", "address to listen on (default: BULWARK_HOST or 127.0.0.1)")
      .option("--port <port>", "port to listen on (default: BULWARK_PORT or 8080)"),
  )
    .addHelpText(
      "after",
      "\nOn an empty database the first start creates an administrator and prints its e-mail, password and\nAPI token once. SIGTERM or SIGINT stops it gracefully: in-flight requests finish first.",
    )
    .action(async (opts: ServerDbFlags & { host?: string; port?: string }) => {
      const server = await import("@bulwark/server");
      const config = server.loadServerConfig(opts);
      const running = await server.startServer(config, {
        version: CLI_VERSION,
        announce: (text) => process.stdout.write(text),
      });
      process.stderr.write(`bulwark server listening on ${running.url} (database: ${running.db.location})\n`);
      process.stdout.write(
        config.webDir === undefined
          ? "The web console is not built (run `npm run build`); the API answers at /api.\n"
          : `Web console: ${running.url}/ (sign in, then load the demo from the first screen or run \`npx bulwark demo seed\`)\n`,
      );
    });
}

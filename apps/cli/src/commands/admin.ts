import { BulwarkError } from "@bulwark/core";
import type { Command } from "commander";
import { type ServerDbFlags, withServerDbFlags } from "./server-options.ts";

/** `bulwark admin ...`: administration of a server's database from the machine it runs on. */
export function registerAdmin(program: Command): void {
  const admin = program.command("admin").description("administer a clearinghouse server's database directly");
  withServerDbFlags(
    admin
      .command("bootstrap")
      .description("create the first administrator of an empty server database (for automation)")
      .requiredOption("--email <email>", "the administrator's e-mail address")
      .option("--json", 'print {"email","password","token"} as JSON (the token is an admin API token)'),
  ).action(async (opts: ServerDbFlags & { email: string; json?: boolean }) => {
    const server = await import("@bulwark/server");
    const config = server.loadServerConfig(opts);
    const db = await server.openMigrated(config);
    try {
      const made = await server.bootstrapAdmin(db, opts.email, new Date());
      if (made === undefined) {
        throw new BulwarkError("BULWARK_OBJECT_CONFLICT", `the database at ${db.location} already has users`, {
          hint: "Bootstrap works only once, on an empty database; sign in with the existing administrator.",
        });
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(made)}\n`);
      else {
        process.stdout.write(
          `administrator created (shown once):\n  e-mail:    ${made.email}\n  password:  ${made.password}\n  API token: ${made.token}\n`,
        );
      }
    } finally {
      await db.close();
    }
  });

  withServerDbFlags(
    admin
      .command("reset-password")
      .description("give a user a new random password, shown once (ends their sessions; audited)")
      .requiredOption("--email <email>", "the user's e-mail address")
      .option("--json", 'print {"email","password"} as JSON'),
  ).action(async (opts: ServerDbFlags & { email: string; json?: boolean }) => {
    const server = await import("@bulwark/server");
    const db = await server.openMigrated(server.loadServerConfig(opts));
    try {
      const reset = await server.resetPassword(db, opts.email, new Date());
      if (opts.json) process.stdout.write(`${JSON.stringify({ email: reset.email, password: reset.password })}\n`);
      else {
        process.stdout.write(
          `new password for ${reset.email} (shown once):\n  password:  ${reset.password}\n${reset.sessionsEnded > 0 ? `${reset.sessionsEnded} session(s) signed out\n` : ""}`,
        );
      }
    } finally {
      await db.close();
    }
  });
}

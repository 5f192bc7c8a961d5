import { BulwarkError } from "@bulwark/core";
import type { Command } from "commander";
import { type ServerDbFlags, withServerDbFlags } from "./server-options.ts";

/** `bulwark audit verify`: check the server's hash-chained audit log. */
export function registerAudit(program: Command): void {
  const audit = program.command("audit").description("the clearinghouse's tamper-evident audit log");
  withServerDbFlags(
    audit
      .command("verify")
      .description("re-hash the audit log; exit 0 when the chain is intact, 1 naming the first bad entry")
      .option("--json", "print the verdict as JSON"),
  ).action(async (opts: ServerDbFlags & { json?: boolean }) => {
    const [server, db] = await Promise.all([import("@bulwark/server"), import("@bulwark/db")]);
    const config = server.loadServerConfig(opts);
    const database = await server.openMigrated(config);
    try {
      const verdict = await db.verifyAuditChain(database.kysely);
      if (opts.json) process.stdout.write(`${JSON.stringify(verdict)}\n`);
      if (!verdict.ok) {
        throw new BulwarkError(
          "BULWARK_AUDIT_BROKEN",
          `audit log of ${database.location} is broken at entry ${verdict.firstBad.seq}: ${verdict.firstBad.reason} (${verdict.entries} entries before it are intact)`,
          { details: { seq: verdict.firstBad.seq } },
        );
      }
      if (!opts.json) {
        process.stdout.write(
          `audit log intact: ${verdict.entries} entries${verdict.head !== undefined ? `, head ${verdict.head}` : ""}\n`,
        );
      }
    } finally {
      await database.close();
    }
  });
}

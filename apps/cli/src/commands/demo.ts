import { BulwarkError } from "@bulwark/core";
import type { Command } from "commander";
import { type ServerDbFlags, withServerDbFlags } from "./server-options.ts";

/** `http://host:port/` as a browser opens it (IPv6 hosts in brackets). */
function consoleUrl(config: { host: string; port: number; publicUrl?: string }): string {
  if (config.publicUrl !== undefined) return `${config.publicUrl}/`;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}/`;
}

/** `bulwark demo seed`: load the demo into a clearinghouse server's database. */
export function registerDemo(program: Command): void {
  const demo = program.command("demo").description("demonstration data for a clearinghouse server");
  withServerDbFlags(
    demo
      .command("seed")
      .description(
        "load the demo: the bundled advisories, the operator Riverside Community Hospital and three assets with real SBOMs and alerts (idempotent; works while the server runs)",
      )
      .option("--owner <email>", "make this user an owner of the demo organisation (default: every platform admin)")
      .option("--json", 'print {"orgId","advisories","assets":[{"id","name","components","alerts"}]} as JSON'),
  ).action(async (opts: ServerDbFlags & { owner?: string; json?: boolean }) => {
    const server = await import("@bulwark/server");
    const { UserRepository } = await import("@bulwark/db");
    const config = server.loadServerConfig(opts);
    if (config.fixturesDir === undefined) {
      throw new BulwarkError("BULWARK_DEMO_UNAVAILABLE", "no fixtures folder found beside this installation");
    }
    const db = await server.openMigrated(config);
    try {
      const users = new UserRepository(db.kysely);
      let owners: { id: string; email: string }[];
      if (opts.owner !== undefined) {
        const user = await users.byEmail(opts.owner);
        if (user === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no user ${opts.owner}`);
        owners = [user];
      } else owners = await users.withPlatformRole("admin");
      const result = await server.seedDemo(db, {
        fixturesDir: config.fixturesDir,
        clock: () => new Date(),
        ownerUserIds: owners.map((u) => u.id),
      });
      if (opts.json) {
        const { orgId, advisories, assets } = result;
        process.stdout.write(`${JSON.stringify({ orgId, advisories, assets }, null, 2)}\n`);
        return;
      }
      const imported = result.advisoryImport.imported;
      const lines = [
        `${result.changed ? "Demo loaded" : "Demo already loaded"}: ${server.DEMO_ORG.name} (${server.DEMO_ORG.sector}), organisation ${result.orgId}`,
        `Advisories in the knowledge base: ${result.advisories}${imported.length > 0 ? ` (imported now: ${imported.join(", ")})` : ""}`,
        "Assets:",
        ...result.assets.map(
          (a) =>
            `  ${a.name.padEnd(46)} ${String(a.components).padStart(4)} components  ${String(a.alerts).padStart(3)} alerts`,
        ),
        owners.length > 0
          ? `Owners: ${owners.map((u) => u.email).join(", ")}`
          : "No platform admin yet: start the server once to create one, then run this again to make them an owner.",
        `Open ${consoleUrl(config)} and sign in.`,
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    } finally {
      await db.close();
    }
  });
}

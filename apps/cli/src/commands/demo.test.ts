import { randomBytes } from "node:crypto";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { verifyPassword } from "@bulwark/server";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureBuilt, runCli, type ServeProcess, startServe } from "../testing/run-cli.ts";

beforeAll(() => ensureBuilt());

interface SeedJson {
  orgId: string;
  advisories: number;
  assets: { id: string; name: string; components: number; alerts: number }[];
}

describe.each(testDialects())("bulwark demo seed and admin reset-password on $name", (dialect) => {
  let db: TestServerDb;
  let flags: string[];
  let server: ServeProcess | undefined;
  beforeEach(async () => {
    db = await dialect.open();
    flags = db.url !== undefined ? ["--database-url", db.url] : ["--data-dir", db.dataDir as string];
  });
  afterEach(async () => {
    if (server !== undefined) {
      const exited = new Promise((resolve) => server?.child.on("exit", resolve));
      server.child.kill("SIGTERM");
      await exited;
      server = undefined;
    }
    await db.dispose();
  });

  it("seeds the demo while the server runs, makes its admin an owner, and changes nothing the second time", async () => {
    server = await startServe(flags, { BULWARK_MASTER_KEY: randomBytes(32).toString("base64") });
    const token = /API token: (\S+)/.exec(server.stdout())?.[1] as string;

    const human = runCli(["demo", "seed", ...flags]);
    expect(human.stderr).toBe("");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Demo loaded: Riverside Community Hospital \(healthcare\), organisation \S+\n/);
    expect(human.stdout).toMatch(/Advisories in the knowledge base: 906 \(imported now: osv:AlmaLinux, .*kev, epss\)/);
    expect(human.stdout).toMatch(/ {2}Patient portal API gateway +3 components +\d+ alerts\n/);
    expect(human.stdout).toContain("Owners: admin@bulwark.localhost\n");
    expect(human.stdout).toMatch(/Open http:\/\/127\.0\.0\.1:8080\/ and sign in\.\n$/);

    const again = runCli(["demo", "seed", "--json", ...flags]);
    expect(again.code).toBe(0);
    const seeded = JSON.parse(again.stdout) as SeedJson;
    expect(seeded.advisories).toBe(906);
    expect(seeded.assets).toHaveLength(3);
    for (const a of seeded.assets) expect(a.alerts).toBeGreaterThanOrEqual(1);
    expect(runCli(["demo", "seed", ...flags]).stdout).toMatch(/^Demo already loaded: /);

    // The running server sees it all at once: its admin reads the demo organisation's alerts.
    const headers = { authorization: `Bearer ${token}` };
    const setup = (await (await fetch(`${server.url}/api/v1/setup`, { headers })).json()) as Record<string, unknown>;
    expect(setup).toMatchObject({ advisories: 906, assets: 3, demo: { seeded: true, orgId: seeded.orgId } });
    const summary = (await (
      await fetch(`${server.url}/api/v1/alerts/summary?orgId=${seeded.orgId}`, { headers })
    ).json()) as { active: number };
    expect(summary.active).toBe(seeded.assets.reduce((n, a) => n + a.alerts, 0));

    expect(runCli(["audit", "verify", ...flags]).code).toBe(0);
  }, 60_000);

  it("resets a user's password once, audited; an unknown user is an error", async () => {
    const boot = JSON.parse(runCli(["admin", "bootstrap", "--email", "ops@example.org", "--json", ...flags]).stdout);
    const reset = runCli(["admin", "reset-password", "--email", "OPS@example.org", "--json", ...flags]);
    expect(reset.code).toBe(0);
    const { email, password } = JSON.parse(reset.stdout);
    expect(email).toBe("ops@example.org");
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(password).not.toBe(boot.password);
    const row = await db.kysely
      .selectFrom("users")
      .select("password_hash")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash as string, password)).toBe(true);
    expect(await verifyPassword(row.password_hash as string, boot.password)).toBe(false);
    const last = await db.kysely
      .selectFrom("audit_log")
      .select(["action", "details"])
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(last.action).toBe("user.password-reset");
    expect(last.details).not.toContain(password);

    const human = runCli(["admin", "reset-password", "--email", "ops@example.org", ...flags]);
    expect(human.stdout).toMatch(/^new password for ops@example\.org \(shown once\):\n {2}password: {2}\S{24}\n$/);
    const unknown = runCli(["admin", "reset-password", "--email", "nobody@example.org", ...flags]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error\[BULWARK_OBJECT_NOT_FOUND\]/);
    expect(runCli(["audit", "verify", ...flags]).code).toBe(0);
  }, 60_000);
});

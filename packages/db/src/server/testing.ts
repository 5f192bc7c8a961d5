import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Dialect, openServerDb, type ServerDb } from "./connect.ts";

export type { TestAlert } from "./test-alerts.ts";
export { insertAlert, insertEvent } from "./test-alerts.ts";

// Test support: every repository test runs once per dialect. PostgreSQL runs when
// BULWARK_TEST_PG_URL names a server (CI sets it); each test database is created fresh and dropped.

/** A server database made for one test, with its clean-up. */
export interface TestServerDb extends ServerDb {
  /** For PostgreSQL, the URL of this test's own database (other processes can open it). */
  readonly url?: string;
  readonly dataDir?: string;
  dispose(): Promise<void>;
}

/** A dialect tests can run on. */
export interface TestDialect {
  readonly name: Dialect;
  open(): Promise<TestServerDb>;
}

/** The PostgreSQL URL tests may use, if any. */
export function testPgUrl(): string | undefined {
  const url = process.env.BULWARK_TEST_PG_URL;
  return url === undefined || url === "" ? undefined : url;
}

async function freshPgDatabase(adminUrl: string): Promise<string> {
  const name = `bulwark_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropPgDatabase(adminUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Wait for the test's own connections to finish closing: forcing them closed while a pool is
    // still ending makes the server send a FATAL that the pool no longer listens for.
    for (let i = 0; i < 50; i++) {
      const open = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
      if ((open.rows[0] as { n: number }).n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** SQLite always; PostgreSQL too when BULWARK_TEST_PG_URL is set. */
export function testDialects(): TestDialect[] {
  const out: TestDialect[] = [
    {
      name: "sqlite",
      async open() {
        const dataDir = mkdtempSync(join(tmpdir(), "bulwark-server-db-"));
        const db = openServerDb({ dataDir });
        return {
          ...db,
          dataDir,
          close: () => db.close(),
          async dispose() {
            await db.close();
            rmSync(dataDir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  const adminUrl = testPgUrl();
  if (adminUrl !== undefined) {
    out.push({
      name: "postgres",
      async open() {
        const url = await freshPgDatabase(adminUrl);
        const db = openServerDb({ databaseUrl: url, poolSize: 4 });
        return {
          ...db,
          url,
          close: () => db.close(),
          async dispose() {
            await db.close();
            await dropPgDatabase(adminUrl, url);
          },
        };
      },
    });
  }
  return out;
}

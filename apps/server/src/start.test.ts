import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fixturePath } from "@bulwark/core/testing";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadServerConfig } from "./config.ts";
import { type RunningServer, startServer } from "./start.ts";

/** osv.dev, CISA and FIRST as files on a loopback server (no internet in tests). */
async function feeds(): Promise<{ server: Server; url: string }> {
  const files: Record<string, string> = {
    "/osv/ecosystems.txt": "",
    "/osv/PyPI/all.zip": fixturePath("osv", "PyPI", "all.zip"),
    "/kev.json": fixturePath("kev", "known_exploited_vulnerabilities.json"),
    "/epss.csv.gz": fixturePath("epss", "epss_scores-2025-08-25.csv.gz"),
  };
  const server = createServer((req, res) => {
    const path = files[req.url ?? ""];
    if (path === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200).end(path === "" ? "PyPI\n" : readFileSync(path));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.each(testDialects())("startServer on $name", (dialect) => {
  let db: TestServerDb;
  let running: RunningServer | undefined;
  let feed: { server: Server; url: string };
  beforeEach(async () => {
    db = await dialect.open();
    feed = await feeds();
  });
  afterEach(async () => {
    await running?.stop();
    feed.server.close();
    await db.dispose();
  });

  it("fills an empty knowledge base at once from the configured feeds, then answers OSV queries", async () => {
    const config = loadServerConfig(
      {
        port: 0,
        ...(db.url !== undefined ? { databaseUrl: db.url } : { dataDir: db.dataDir as string }),
      },
      {
        BULWARK_LOG_LEVEL: "silent",
        // PostgreSQL refuses to start without a master key (nodes must share it).
        BULWARK_MASTER_KEY: "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
        BULWARK_OSV_BASE_URL: `${feed.url}/osv`,
        BULWARK_KEV_URL: `${feed.url}/kev.json`,
        BULWARK_EPSS_URL: `${feed.url}/epss.csv.gz`,
      },
    );
    let announced = "";
    running = await startServer(config, {
      version: "test",
      announce: (t) => {
        announced += t;
      },
      handleSignals: false,
    });
    expect(announced).toMatch(/API token: bwk_/);
    const query = () =>
      fetch(`${running?.url}/v1/query`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ package: { name: "django", ecosystem: "PyPI" }, version: "3.2.0" }),
      }).then((r) => r.json() as Promise<{ vulns?: unknown[] }>);
    let answer: { vulns?: unknown[] } = {};
    for (let i = 0; i < 100 && answer.vulns === undefined; i++) {
      await new Promise((r) => setTimeout(r, 200));
      answer = await query();
    }
    expect(answer.vulns?.length).toBeGreaterThan(5);
  });
});

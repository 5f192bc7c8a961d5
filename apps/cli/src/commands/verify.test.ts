import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturePath } from "@bulwark/core/testing";
import { ensureSigningKey, resolveMasterKey } from "@bulwark/db";
import { type TestServerDb, testDialects } from "@bulwark/db/testing";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureBuilt, runCli, startServe } from "../testing/run-cli.ts";

beforeAll(() => ensureBuilt());

/** Start `bulwark serve` on a free port; resolves to its URL once it listens. */
const serve = startServe;

describe.each(testDialects())("bulwark verify against a server on $name", (dialect) => {
  let db: TestServerDb;
  let flags: string[];
  let dir: string;
  let server: { child: ChildProcessWithoutNullStreams; url: string; stdout(): string } | undefined;
  beforeEach(async () => {
    db = await dialect.open();
    flags = db.url !== undefined ? ["--database-url", db.url] : ["--data-dir", db.dataDir as string];
    dir = mkdtempSync(join(tmpdir(), "bulwark-verify-"));
  });
  afterEach(async () => {
    if (server !== undefined) {
      const exited = new Promise((resolve) => server?.child.on("exit", resolve));
      server.child.kill("SIGTERM");
      await exited;
      server = undefined;
    }
    rmSync(dir, { recursive: true, force: true });
    await db.dispose();
  });

  it("accepts a file the server signed, and exits 1 when the file, the signature or the key differs", async () => {
    // SQLite: the server makes <data-dir>/master.key itself; PostgreSQL needs one configured.
    const configured = randomBytes(32).toString("base64");
    server = await serve(flags, { BULWARK_MASTER_KEY: db.url !== undefined ? configured : "" });
    const masterKey =
      db.url !== undefined ? Buffer.from(configured, "base64") : resolveMasterKey({ dataDir: db.dataDir as string });
    // The key `serve` created at start, read back (not created again) with the same master key.
    const signer = await ensureSigningKey(db, masterKey, new Date());
    const file = join(dir, "patch.zip");
    const bytes = readFileSync(fixturePath("osv", "PyPI", "all.zip"));
    writeFileSync(file, bytes);
    writeFileSync(`${file}.sig`, JSON.stringify(signer.sign(bytes)));
    writeFileSync(join(dir, "key.pem"), signer.publicKeyPem);

    const online = runCli(["verify", file, `${file}.sig`, "--server", server.url]);
    expect(online.stderr).toBe("");
    expect(online.code).toBe(0);
    expect(online.stdout).toBe(`valid, signed by key ${signer.keyId} (sha256 ${signer.sign(bytes).sha256})\n`);
    const offline = runCli(["verify", file, `${file}.sig`, "--key", join(dir, "key.pem")]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(new RegExp(`^valid, signed by key ${signer.keyId}`));
    // BULWARK_SERVER stands in for --server, as for every command that talks to a server.
    expect(runCli(["verify", file, `${file}.sig`], { env: { BULWARK_SERVER: server.url } }).code).toBe(0);

    const flipped = Buffer.from(bytes);
    flipped[bytes.length >> 1] = (flipped[bytes.length >> 1] as number) ^ 0x01;
    writeFileSync(join(dir, "changed.zip"), flipped);
    const changed = runCli(["verify", join(dir, "changed.zip"), `${file}.sig`, "--server", server.url]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toBe("");
    expect(changed.stderr).toMatch(/^error\[BULWARK_SIGNATURE_INVALID\]: .*the file was changed/);

    const doc = JSON.parse(readFileSync(`${file}.sig`, "utf8"));
    const sig = Buffer.from(doc.signature, "base64");
    sig[10] = (sig[10] as number) ^ 0x01;
    writeFileSync(join(dir, "forged.sig"), JSON.stringify({ ...doc, signature: sig.toString("base64") }));
    const forged = runCli(["verify", file, join(dir, "forged.sig"), "--key", join(dir, "key.pem")]);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/^error\[BULWARK_SIGNATURE_INVALID\]: .*signature was changed/);

    const other = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" });
    writeFileSync(join(dir, "other.pem"), other);
    const wrongKey = runCli(["verify", file, `${file}.sig`, "--key", join(dir, "other.pem")]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/^error\[BULWARK_SIGNATURE_INVALID\]: .*not by the given key/);

    const noKey = runCli(["verify", file, `${file}.sig`], { env: { BULWARK_SERVER: "" } });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/^error\[BULWARK_CLI_USAGE\]: .*--key/);
  });

  it.runIf(dialect.name === "postgres")("refuses to serve PostgreSQL without BULWARK_MASTER_KEY", () => {
    const r = runCli(["serve", "--port", "0", ...flags], {
      env: { BULWARK_MASTER_KEY: "", BULWARK_LOG_LEVEL: "warn" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[BULWARK_CONFIG_INVALID\]: BULWARK_MASTER_KEY is required/);
  });
});

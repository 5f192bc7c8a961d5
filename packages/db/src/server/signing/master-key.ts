import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { BulwarkError } from "@bulwark/core";

/** The master key's length: AES-256. */
export const MASTER_KEY_BYTES = 32;

/** The file a SQLite-mode server keeps its generated master key in, under the data directory. */
export const MASTER_KEY_FILE = "master.key";

/** A master key from its base64 text; anything but 32 bytes is BULWARK_CONFIG_INVALID naming `origin`. */
export function parseMasterKey(base64: string, origin: string): Buffer {
  const text = base64.trim();
  const key = Buffer.from(text, "base64");
  // Buffer.from ignores junk, so the round trip is what proves the text was base64.
  if (key.length !== MASTER_KEY_BYTES || key.toString("base64") !== text) {
    throw new BulwarkError(
      "BULWARK_CONFIG_INVALID",
      `${origin} must be ${MASTER_KEY_BYTES} bytes in base64 (44 characters), got ${text.length} characters`,
      { hint: "Generate one with `openssl rand -base64 32` and give every node the same value." },
    );
  }
  return key;
}

/**
 * The master key that encrypts the server's signing key: `masterKey` (BULWARK_MASTER_KEY) when
 * set; else, on SQLite, `<data-dir>/master.key`, generated (mode 0600) on the first start and read
 * on every later one. On PostgreSQL it must be configured: several nodes share the database and
 * would each generate a different key, so none but the first could read the signing key.
 */
export function resolveMasterKey(config: { dataDir: string; databaseUrl?: string; masterKey?: string }): Buffer {
  if (config.masterKey !== undefined) return parseMasterKey(config.masterKey, "BULWARK_MASTER_KEY");
  if (config.databaseUrl !== undefined) {
    throw new BulwarkError("BULWARK_CONFIG_INVALID", "BULWARK_MASTER_KEY is required with a PostgreSQL database", {
      hint: "Generate one with `openssl rand -base64 32` and set BULWARK_MASTER_KEY (or masterKey in the configuration file) to the same value on every node.",
    });
  }
  const path = join(config.dataDir, MASTER_KEY_FILE);
  mkdirSync(config.dataDir, { recursive: true });
  let fd: number;
  try {
    // "wx": create only if absent, so two processes starting at once cannot both write one.
    fd = openSync(path, "wx", 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return readMasterKeyFile(path);
  }
  try {
    writeSync(fd, `${randomBytes(MASTER_KEY_BYTES).toString("base64")}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return readMasterKeyFile(path);
}

function readMasterKeyFile(path: string): Buffer {
  // A file another process created a moment ago may still be empty; wait for its write.
  for (let attempt = 0; ; attempt++) {
    const text = readFileSync(path, "utf8");
    if (text.trim() !== "" || attempt >= 50) return parseMasterKey(text, path);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

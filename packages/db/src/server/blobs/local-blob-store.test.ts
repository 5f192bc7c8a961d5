import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturePath } from "@bulwark/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalBlobStore } from "./local-blob-store.ts";

describe("LocalBlobStore", () => {
  let dataDir: string;
  let store: LocalBlobStore;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "bulwark-blobs-"));
    store = LocalBlobStore.inDataDir(dataDir);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("stores a file under its SHA-256 in <data-dir>/blobs/<aa>/<bb>/ and reads the same bytes back", async () => {
    const bytes = readFileSync(fixturePath("osv", "PyPI", "all.zip"));
    const sha = createHash("sha256").update(bytes).digest("hex");
    expect(await store.has(sha)).toBe(false);
    expect(await store.get(sha)).toBeUndefined();
    expect(await store.put(bytes)).toBe(sha);
    const path = join(dataDir, "blobs", sha.slice(0, 2), sha.slice(2, 4), sha);
    expect(statSync(path).size).toBe(bytes.length);
    expect(await store.has(sha)).toBe(true);
    expect(Buffer.from((await store.get(sha)) as Uint8Array).equals(bytes)).toBe(true);
    // Storing it again keeps one copy and leaves no temporary file behind.
    expect(await store.put(bytes)).toBe(sha);
    expect(readdirSync(join(dataDir, "blobs", sha.slice(0, 2), sha.slice(2, 4)))).toEqual([sha]);
  });

  it("stores an empty file and files that share a directory prefix side by side", async () => {
    const empty = await store.put(new Uint8Array());
    expect(empty).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect((await store.get(empty))?.length).toBe(0);
    const names = await Promise.all(["a", "b", "c"].map((s) => store.put(Buffer.from(s))));
    for (const [i, name] of names.entries()) {
      expect(Buffer.from((await store.get(name)) as Uint8Array).toString()).toBe(["a", "b", "c"][i]);
    }
  });

  it("refuses bytes that no longer hash to their name with BULWARK_BLOB_CORRUPT", async () => {
    const sha = await store.put(Buffer.from("the patch"));
    const path = join(dataDir, "blobs", sha.slice(0, 2), sha.slice(2, 4), sha);
    const bytes = readFileSync(path);
    bytes[0] = (bytes[0] as number) ^ 1;
    writeFileSync(path, bytes);
    await expect(store.get(sha)).rejects.toMatchObject({ code: "BULWARK_BLOB_CORRUPT" });
  });

  it("accepts only 64 lower-case hex digits as a name, so no name reaches outside the store", async () => {
    writeFileSync(join(dataDir, "secret"), "not a blob");
    for (const name of [
      "../secret",
      "../../secret",
      "/etc/passwd",
      `${"a".repeat(63)}/`,
      "A".repeat(64),
      `${"a".repeat(64)}\0`,
      "a".repeat(65),
      "",
    ]) {
      await expect(store.get(name)).rejects.toMatchObject({ code: "BULWARK_REQUEST_INVALID" });
      await expect(store.has(name)).rejects.toMatchObject({ code: "BULWARK_REQUEST_INVALID" });
    }
  });
});

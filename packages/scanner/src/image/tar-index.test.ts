import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexTar } from "./tar-index.ts";
import { packTar } from "./testing/build-image.ts";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "bulwark-tar-index-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("indexTar", () => {
  it("locates members by offset, with ustar prefixes, PAX names and links", async () => {
    const prefixed = `${"p".repeat(120)}/short.json`;
    const pax = `dir/${"n".repeat(150)}`;
    const tar = await packTar([
      { header: { name: "manifest.json", type: "file" }, body: "[1]" },
      { header: { name: prefixed, type: "file" }, body: "prefixed" },
      { header: { name: pax, type: "file" }, body: "pax name" },
      { header: { name: "blobs/", type: "directory" } },
      { header: { name: "legacy/layer.tar", type: "symlink", linkname: "../blobs/x" } },
    ]);
    const path = join(work, "a.tar");
    await writeFile(path, tar);
    const members = await indexTar(path, "a.tar", 100);
    expect([...members.keys()]).toEqual(["manifest.json", prefixed, pax, "blobs", "legacy/layer.tar"]);
    const slice = (name: string) => {
      const m = members.get(name)!;
      return tar.subarray(m.offset, m.offset + m.size).toString();
    };
    expect(slice("manifest.json")).toBe("[1]");
    expect(slice(prefixed)).toBe("prefixed");
    expect(slice(pax)).toBe("pax name");
    expect(members.get("legacy/layer.tar")).toMatchObject({ type: "symlink", linkname: "../blobs/x" });
    await expect(indexTar(path, "a.tar", 2)).rejects.toMatchObject({ code: "BULWARK_ARCHIVE_LIMIT" });
  });

  it("reports a corrupt header checksum", async () => {
    const tar = await packTar([{ header: { name: "a", type: "file" }, body: "x" }]);
    tar[10] = 0x41;
    const path = join(work, "bad.tar");
    await writeFile(path, tar);
    await expect(indexTar(path, "bad.tar", 100)).rejects.toMatchObject({ code: "BULWARK_ARCHIVE_INVALID" });
  });
});

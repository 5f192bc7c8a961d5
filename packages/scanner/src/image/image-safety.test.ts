import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { isBulwarkError } from "@bulwark/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openImage } from "./open-image.ts";
import {
  type ContainerFiles,
  dockerArchiveFiles,
  type ImageSpec,
  layerTar,
  packTar,
  sha256,
  tarOfFiles,
  writeFiles,
} from "./testing/build-image.ts";
import type { OpenImageOptions } from "./types.ts";

let work: string;
let counter = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "bulwark-image-safety-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function writeTemp(bytes: Uint8Array): Promise<string> {
  counter += 1;
  const path = join(work, `${counter}.tar`);
  await writeFile(path, bytes);
  return path;
}

async function archive(spec: ImageSpec, legacy = true): Promise<string> {
  return writeTemp(await tarOfFiles(await dockerArchiveFiles(spec, { legacy })));
}

async function failure(
  path: string,
  options: OpenImageOptions = {},
): Promise<{ code: string; message: string; hint: string }> {
  try {
    await openImage(path, options);
  } catch (error) {
    if (isBulwarkError(error)) return { code: error.code, message: error.message, hint: error.hint };
    throw error;
  }
  throw new Error("expected openImage to fail");
}

const oneFile = (path: string, content: string): ImageSpec => ({ layers: [{ entries: [{ path, content }] }] });

/** Replaces the one file of `files` whose path matches `pattern`. */
function replace(files: ContainerFiles, pattern: RegExp, bytes: Buffer): ContainerFiles {
  const key = [...files.keys()].find((k) => pattern.test(k));
  if (key === undefined) throw new Error(`no file matches ${pattern}`);
  files.set(key, bytes);
  return files;
}

describe("unsafe entries", () => {
  it("refuses a layer entry that climbs out of the root", async () => {
    const result = await failure(await archive(oneFile("../../evil", "x")));
    expect(result.code).toBe("BULWARK_ARCHIVE_UNSAFE");
    expect(result.message).toMatch(/"\.\.\/\.\.\/evil" would be written outside the image root/);
  });

  it("normalises absolute and dotted names inside the root", async () => {
    const spec: ImageSpec = {
      layers: [
        {
          entries: [
            { path: "/etc/abs", content: "a" },
            { path: "./usr/../etc/./rel", content: "r" },
          ],
        },
      ],
    };
    const image = await openImage(await archive(spec), { wanted: () => true });
    expect((await image.fs.list("etc"))?.map((e) => e.name)).toEqual(["abs", "rel"]);
  });

  it("refuses a hard link whose target climbs out of the root", async () => {
    const spec: ImageSpec = {
      layers: [{ entries: [{ path: "etc/shadow", type: "link", target: "../../etc/shadow" }] }],
    };
    expect((await failure(await archive(spec))).code).toBe("BULWARK_ARCHIVE_UNSAFE");
  });

  it("refuses an outer archive member that climbs out of the root", async () => {
    const tar = await packTar([{ header: { name: "../manifest.json", type: "file" }, body: "[]" }]);
    expect((await failure(await writeTemp(tar))).code).toBe("BULWARK_ARCHIVE_UNSAFE");
  });

  it("never opens a layer path outside an image directory", async () => {
    const dir = join(work, "escape-dir");
    const files = await dockerArchiveFiles(oneFile("a", "a"), { legacy: true });
    const layerPath = [...files.keys()].find((k) => k.endsWith("layer.tar"))!;
    await mkdir(dir, { recursive: true });
    await writeFile(join(work, "outside.tar"), files.get(layerPath)!);
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    manifest[0].Layers = ["../outside.tar"];
    files.set("manifest.json", Buffer.from(JSON.stringify(manifest)));
    await writeFiles(join(dir, "image"), files);
    const result = await failure(join(dir, "image"));
    expect(result.code).toBe("BULWARK_IMAGE_INVALID");
    expect(result.message).toMatch(/layer "\.\.\/outside\.tar" is missing/);
  });
});

describe("limits", () => {
  const zeros: ImageSpec = {
    layers: [{ gzip: true, entries: [{ path: "zeros", content: new Uint8Array(3 * 1024 * 1024) }] }],
  };

  it("stops a gzip layer over the compression-ratio limit", async () => {
    const path = await archive(zeros);
    const result = await failure(path, { compressionRatioMinBytes: 1024 * 1024, maxCompressionRatio: 50 });
    expect(result.code).toBe("BULWARK_ARCHIVE_LIMIT");
    expect(result.message).toMatch(/compression ratio above 50:1/);
    // The default limits only apply the ratio past 100 MiB, so the same layer is fine.
    const image = await openImage(path);
    expect((await image.fs.list(""))?.[0]).toEqual({ name: "zeros", kind: "file", size: 3 * 1024 * 1024 });
  });

  it("stops a gzip-compressed outer archive over the ratio limit", async () => {
    const tar = await tarOfFiles(
      await dockerArchiveFiles({ layers: [{ entries: [{ path: "z", content: new Uint8Array(2 * 1024 * 1024) }] }] }),
    );
    const path = await writeTemp(gzipSync(tar));
    const result = await failure(path, { compressionRatioMinBytes: 1024 * 1024, maxCompressionRatio: 50 });
    expect(result.code).toBe("BULWARK_ARCHIVE_LIMIT");
  });

  it("stops at the total uncompressed size and at the entry count", async () => {
    const path = await archive({
      layers: [{ entries: Array.from({ length: 20 }, (_, i) => ({ path: `f${i}`, content: "x".repeat(1000) })) }],
    });
    expect((await failure(path, { maxTotalBytes: 10_000 })).code).toBe("BULWARK_ARCHIVE_LIMIT");
    const entries = await failure(path, { maxEntries: 10 });
    expect(entries.code).toBe("BULWARK_ARCHIVE_LIMIT");
    expect(entries.message).toMatch(/more than 10 entries/);
  });

  it("omits wanted files over the memory limits and says so", async () => {
    const spec: ImageSpec = {
      layers: [
        {
          entries: [
            { path: "small", content: "1234" },
            { path: "medium", content: "12345678" },
            { path: "big", content: "x".repeat(100) },
          ],
        },
      ],
    };
    const image = await openImage(await archive(spec), {
      wanted: () => true,
      maxWantedBytes: 10,
      maxWantedFileBytes: 50,
    });
    expect(Buffer.from((await image.fs.read("small"))!).toString()).toBe("1234");
    expect(await image.fs.read("medium")).toBeUndefined();
    expect(await image.fs.read("big")).toBeUndefined();
    expect(image.omitted).toEqual([
      { path: "medium", size: 8, reason: "memory-budget" },
      { path: "big", size: 100, reason: "file-too-large" },
    ]);
  });

  it("keeps overwritten versions as history within the budget, and frees them on a whiteout", async () => {
    const spec: ImageSpec = {
      layers: [
        { entries: [{ path: "status", content: "12345678" }] },
        { entries: [{ path: "status", content: "abcdefgh" }] },
        {
          entries: [
            { path: ".wh.status", content: "" },
            { path: "other", content: "ABCDEFGH" },
          ],
        },
      ],
    };
    const image = await openImage(await archive(spec), { wanted: () => true, maxWantedBytes: 16 });
    expect(image.omitted).toEqual([]);
    expect(Buffer.from((await image.fs.read("other"))!).toString()).toBe("ABCDEFGH");
    expect(image.fs.history("status")).toBeUndefined();
    // Over a budget of 10, the second version of status does not fit beside the first.
    const tight = await openImage(await archive(spec), { wanted: () => true, maxWantedBytes: 10 });
    expect(tight.omitted.map((o) => o.path)).toEqual(["status"]);
  });

  it("keeps every version of a rewritten file with the layer that wrote it", async () => {
    const spec: ImageSpec = {
      layers: [
        { entries: [{ path: "var/lib/dpkg/status", content: "one" }] },
        { entries: [{ path: "etc/motd", content: "hi" }] },
        { entries: [{ path: "var/lib/dpkg/status", content: "one two" }] },
      ],
    };
    const image = await openImage(await archive(spec), { wanted: (p) => p.endsWith("status") });
    const versions = image.fs.history("var/lib/dpkg/status") ?? [];
    expect(versions.map((v) => [v.layer, Buffer.from(v.content).toString()])).toEqual([
      [image.info.layers[0], "one"],
      [image.info.layers[2], "one two"],
    ]);
  });

  it("asks the predicate once per file with its size and keeps nothing else", async () => {
    const calls: string[] = [];
    const spec: ImageSpec = {
      layers: [
        {
          entries: [
            { path: "a/keep", content: "k" },
            { path: "a/drop", content: "dd" },
          ],
        },
      ],
    };
    const image = await openImage(await archive(spec), {
      wanted: (path, size) => {
        calls.push(`${path}:${size}`);
        return path.endsWith("keep");
      },
    });
    expect(calls).toEqual(["a/keep:1", "a/drop:2"]);
    expect(await image.fs.read("a/drop")).toBeUndefined();
    expect(await image.fs.list("a")).toEqual([
      { name: "drop", kind: "file", size: 2 },
      { name: "keep", kind: "file", size: 1 },
    ]);
  });
});

describe("corrupt and invalid archives", () => {
  it("reports a truncated archive", async () => {
    const tar = await tarOfFiles(await dockerArchiveFiles(oneFile("a", "x".repeat(5000)), { legacy: true }));
    const result = await failure(await writeTemp(tar.subarray(0, Math.floor(tar.length / 2))));
    expect(result.code).toBe("BULWARK_ARCHIVE_INVALID");
  });

  it("reports a truncated gzip-compressed archive", async () => {
    const tar = await tarOfFiles(await dockerArchiveFiles(oneFile("a", "x".repeat(5000))));
    const gz = gzipSync(tar);
    expect((await failure(await writeTemp(gz.subarray(0, gz.length - 20)))).code).toBe("BULWARK_ARCHIVE_INVALID");
  });

  it("reports a truncated or corrupt gzip layer", async () => {
    const spec: ImageSpec = { layers: [{ gzip: true, entries: [{ path: "a", content: "hello".repeat(1000) }] }] };
    const files = await dockerArchiveFiles(spec, { legacy: true });
    const layer = files.get([...files.keys()].find((k) => k.endsWith("layer.tar"))!)!;
    const truncated = replace(new Map(files), /layer\.tar$/, layer.subarray(0, layer.length - 30));
    expect((await failure(await writeTemp(await tarOfFiles(truncated)))).code).toBe("BULWARK_ARCHIVE_INVALID");
    const corrupt = Buffer.from(layer);
    corrupt.fill(0x55, 12, 40);
    const broken = replace(new Map(files), /layer\.tar$/, corrupt);
    expect((await failure(await writeTemp(await tarOfFiles(broken)))).code).toBe("BULWARK_ARCHIVE_INVALID");
  });

  it("reports a file that is not a tar, and a path that does not exist", async () => {
    expect((await failure(await writeTemp(Buffer.from("just text, not a tar archive\n".repeat(40))))).code).toBe(
      "BULWARK_ARCHIVE_INVALID",
    );
    expect((await failure(join(work, "nope.tar"))).code).toBe("BULWARK_INPUT_NOT_FOUND");
  });

  it("reports an archive without manifest.json or index.json", async () => {
    const tar = await packTar([{ header: { name: "hello.txt", type: "file" }, body: "hi" }]);
    const result = await failure(await writeTemp(tar));
    expect(result.code).toBe("BULWARK_IMAGE_INVALID");
    expect(result.message).toMatch(/neither manifest\.json .* nor index\.json/);
    await mkdir(join(work, "empty-dir"));
    expect((await failure(join(work, "empty-dir"))).code).toBe("BULWARK_IMAGE_INVALID");
  });

  it("reports malformed manifests and configs", async () => {
    const files = await dockerArchiveFiles(oneFile("a", "a"), { legacy: true });
    const variants: Array<[string, ContainerFiles]> = [
      ["not JSON", replace(new Map(files), /^manifest\.json$/, Buffer.from("{oops"))],
      ["wrong shape", replace(new Map(files), /^manifest\.json$/, Buffer.from('{"Config": 5}'))],
      [
        "Layers not a list",
        replace(new Map(files), /^manifest\.json$/, Buffer.from('[{"Config":"x.json","Layers":5}]')),
      ],
      ["config missing", replace(new Map(files), /^manifest\.json$/, Buffer.from('[{"Config":"x.json","Layers":[]}]'))],
    ];
    const configKey = [...files.keys()].find((k) => k.endsWith(".json") && k !== "manifest.json")!;
    const noDiffIds = new Map(files);
    noDiffIds.delete(configKey);
    const bareConfig = Buffer.from('{"os":"linux","rootfs":{"diff_ids":[]}}');
    const bareKey = `${sha256(bareConfig).slice(7)}.json`;
    noDiffIds.set(bareKey, bareConfig);
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    manifest[0].Config = bareKey;
    noDiffIds.set("manifest.json", Buffer.from(JSON.stringify(manifest)));
    variants.push(["layer count differs from diff_ids", noDiffIds]);
    variants.push([
      "config digest mismatch",
      replace(new Map(files), /^[a-f0-9]{64}\.json$/, Buffer.from('{"rootfs":{"diff_ids":[]}}')),
    ]);
    for (const [name, variant] of variants) {
      const result = await failure(await writeTemp(await tarOfFiles(variant)));
      expect(`${name}: ${result.code}`).toBe(`${name}: BULWARK_IMAGE_INVALID`);
    }
  });

  it("checks OCI manifests and configs against their digests", async () => {
    const files = await dockerArchiveFiles(oneFile("a", "a"));
    files.delete("manifest.json");
    const index = JSON.parse(files.get("index.json")!.toString());
    const manifestKey = `blobs/sha256/${index.manifests[0].digest.slice(7)}`;
    const manifest = JSON.parse(files.get(manifestKey)!.toString());
    const configKey = `blobs/sha256/${manifest.config.digest.slice(7)}`;
    const tampered = new Map(files).set(configKey, Buffer.from('{"os":"linux","rootfs":{"diff_ids":[]}}'));
    const result = await failure(await writeTemp(await tarOfFiles(tampered)));
    expect(result.code).toBe("BULWARK_IMAGE_INVALID");
    expect(result.message).toMatch(/does not match its digest/);
    const noLayout = new Map(files);
    noLayout.delete("oci-layout");
    expect((await failure(await writeTemp(await tarOfFiles(noLayout)))).message).toMatch(
      /"oci-layout" file is missing/,
    );
    // Intact, the same files open as an OCI layout.
    const image = await openImage(await writeTemp(await tarOfFiles(files)), { wanted: () => true });
    expect(Buffer.from((await image.fs.read("a"))!).toString()).toBe("a");
  });

  it("explains that zstd layers need Node 22", async () => {
    const files = await dockerArchiveFiles(oneFile("a", "a"), { legacy: true });
    const zstd = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]);
    const result = await failure(await writeTemp(await tarOfFiles(replace(files, /layer\.tar$/, zstd))));
    expect(result.code).toBe("BULWARK_IMAGE_INVALID");
    expect(result.message).toMatch(/zstd/);
    expect(result.hint).toMatch(/Node\.js 22/);
  });

  it("verifies layer digests when asked", async () => {
    const files = await dockerArchiveFiles(oneFile("a", "a"), { legacy: true });
    const swapped = replace(files, /layer\.tar$/, await layerTar([{ path: "a", content: "b" }]));
    const path = await writeTemp(await tarOfFiles(swapped));
    const image = await openImage(path, { wanted: () => true });
    expect(Buffer.from((await image.fs.read("a"))!).toString()).toBe("b");
    const result = await failure(path, { verifyLayers: true });
    expect(result.code).toBe("BULWARK_IMAGE_INVALID");
    expect(result.message).toMatch(/the config says sha256:/);
  });

  it("asks which image to use when manifest.json lists several", async () => {
    const first = await dockerArchiveFiles({ tags: ["one:1"], ...oneFile("which", "one") }, { legacy: true });
    const second = await dockerArchiveFiles({ tags: ["two:2"], ...oneFile("which", "two") }, { legacy: true });
    const merged = new Map([...first, ...second]);
    const entries = [
      ...JSON.parse(first.get("manifest.json")!.toString()),
      ...JSON.parse(second.get("manifest.json")!.toString()),
    ];
    merged.set("manifest.json", Buffer.from(JSON.stringify(entries)));
    const path = await writeTemp(await tarOfFiles(merged));
    expect((await failure(path)).message).toMatch(/lists 2 images \(one:1, two:2\)/);
    const image = await openImage(path, { ref: "two:2", wanted: () => true });
    expect(Buffer.from((await image.fs.read("which"))!).toString()).toBe("two");
    expect(image.info.tags).toEqual(["two:2"]);
  });
});

describe("layer semantics", () => {
  it("keeps same-layer files a whiteout names, and re-creates whited-out directories", async () => {
    const spec: ImageSpec = {
      layers: [
        {
          entries: [
            { path: "d/old/x", content: "x" },
            { path: "d/keep", content: "k" },
          ],
        },
        {
          entries: [
            { path: "d/same", content: "s" },
            { path: "d/.wh.same", content: "" },
            { path: "d/.wh.old", content: "" },
          ],
        },
        {
          entries: [
            { path: "d/old/y", content: "y" },
            { path: "ghost/.wh.x", content: "" },
          ],
        },
      ],
    };
    const image = await openImage(await archive(spec));
    expect((await image.fs.list("d"))?.map((e) => e.name)).toEqual(["keep", "old", "same"]);
    expect((await image.fs.list("d/old"))?.map((e) => e.name)).toEqual(["y"]);
    expect(image.fs.layerOf("d/old")).toBe(image.info.layers[2]);
    expect(image.fs.layerOf("d/keep")).toBe(image.info.layers[0]);
    expect(await image.fs.list("ghost")).toBeUndefined();
  });

  it("lets an opaque directory keep what its own layer adds, wherever the marker is", async () => {
    const spec: ImageSpec = {
      layers: [
        {
          entries: [
            { path: "o/a", content: "a" },
            { path: "o/sub/b", content: "b" },
          ],
        },
        {
          entries: [
            { path: "o/sub/new", content: "n" },
            { path: "o/.wh..wh..opq", content: "" },
          ],
        },
      ],
    };
    const image = await openImage(await archive(spec));
    expect((await image.fs.list("o"))?.map((e) => e.name)).toEqual(["sub"]);
    expect((await image.fs.list("o/sub"))?.map((e) => e.name)).toEqual(["new"]);
  });

  it("replaces a symlink by a later file and writes through a directory link", async () => {
    const spec: ImageSpec = {
      layers: [
        {
          entries: [
            { path: "real/", type: "dir" },
            { path: "alias", type: "symlink", target: "/real" },
            { path: "f", type: "symlink", target: "real/t" },
          ],
        },
        {
          entries: [
            { path: "alias/via-link", content: "v" },
            { path: "f", content: "file now" },
          ],
        },
      ],
    };
    const image = await openImage(await archive(spec), { wanted: () => true });
    expect((await image.fs.list("real"))?.map((e) => e.name)).toEqual(["via-link"]);
    expect(Buffer.from((await image.fs.read("f"))!).toString()).toBe("file now");
  });
});

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { isBulwarkError } from "@bulwark/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openImage } from "./open-image.ts";
import {
  buildImage,
  dockerArchiveFiles,
  type ImageSpec,
  ociLayoutFiles,
  tarOfFiles,
  writeFiles,
} from "./testing/build-image.ts";
import type { ImageSource, OpenImageOptions } from "./types.ts";

const OS_RELEASE = "ID=debian\nVERSION_ID=12\n";
const LONG_DIR = `deep/${"d".repeat(120)}`;

/** Three layers: base files; whiteout + links; an opaque directory. */
const SPEC: ImageSpec = {
  tags: ["example.com/app:1.0"],
  layers: [
    {
      gzip: true,
      entries: [
        { path: "etc/", type: "dir" },
        { path: "etc/os-release", content: OS_RELEASE },
        { path: "etc/passwd", content: "root:x:0:0:root:/root:/bin/sh\n" },
        { path: "app/package-lock.json", content: '{"lockfileVersion":3}' },
        { path: "app/big.bin", content: "x".repeat(1000) },
        { path: "app/old.txt", content: "old" },
        { path: "var/lib/dpkg/status", content: "Package: base\n" },
        { path: "opt/data/a.txt", content: "a" },
        { path: "opt/data/sub/b.txt", content: "b" },
        { path: "bin/busybox", content: "BUSYBOX" },
        { path: "bin/sh", type: "link", target: "bin/busybox" },
        { path: "usr/lib/libc.so", content: "LIBC" },
        { path: "lib", type: "symlink", target: "usr/lib" },
        { path: "dev/console", type: "fifo" },
        { path: `${LONG_DIR}/file.txt`, content: "long" },
      ],
    },
    {
      entries: [
        { path: "app/.wh.old.txt", content: "" },
        { path: "var/lib/dpkg/status", content: "Package: base\n\nPackage: curl\n" },
        { path: "etc/alt-release", type: "symlink", target: "/etc/os-release" },
        { path: "link1", type: "symlink", target: "link2" },
        { path: "link2", type: "symlink", target: "etc/../etc/alt-release" },
        { path: "app/escape", type: "symlink", target: "../../../../etc/passwd" },
        { path: "app/host", type: "symlink", target: "../../../../../../tmp/bulwark-host-file" },
        { path: "loop/a", type: "symlink", target: "b" },
        { path: "loop/b", type: "symlink", target: "/loop/a" },
      ],
    },
    {
      gzip: true,
      entries: [
        { path: "opt/data/", type: "dir" },
        { path: "opt/data/.wh..wh..opq", content: "" },
        { path: "opt/data/c.txt", content: "c" },
      ],
    },
  ],
};

const WANTED = new Set([
  "etc/os-release",
  "etc/passwd",
  "var/lib/dpkg/status",
  "app/package-lock.json",
  "opt/data/a.txt",
  "opt/data/c.txt",
  "bin/sh",
  "usr/lib/libc.so",
  `${LONG_DIR}/file.txt`,
]);

let work: string;
let counter = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "bulwark-image-test-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function writeTemp(bytes: Uint8Array, name = "image.tar"): Promise<string> {
  counter += 1;
  const path = join(work, `${counter}-${name}`);
  await writeFile(path, bytes);
  return path;
}

function open(path: string, options: OpenImageOptions = {}): Promise<ImageSource> {
  return openImage(path, { wanted: (p) => WANTED.has(p), label: "test-image", ...options });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isBulwarkError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a BulwarkError");
}

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8"));

/** The assertions every format must satisfy for SPEC. */
async function expectFlattened(image: ImageSource): Promise<void> {
  const built = await buildImage(SPEC);
  const [d1, d2, d3] = built.layers.map((l) => l.diffId);
  const { fs, info } = image;
  expect(info.layers).toEqual([d1, d2, d3]);
  expect(info.id).toBe(built.config.digest);
  expect(info.os).toBe("linux");
  expect(info.architecture).toBe("amd64");

  // Layer 2's whiteout removed app/old.txt; unwanted content is indexed but not kept.
  expect(await fs.list("app")).toEqual([
    { name: "big.bin", kind: "file", size: 1000 },
    { name: "escape", kind: "file", size: 30 },
    { name: "package-lock.json", kind: "file", size: 21 },
  ]);
  expect(await fs.read("app/old.txt")).toBeUndefined();
  expect(await fs.read("app/big.bin")).toBeUndefined();
  expect(await fs.size("app/big.bin")).toBe(1000);
  expect(await fs.size("app")).toBeUndefined();
  expect(text(await fs.read("app/package-lock.json"))).toBe('{"lockfileVersion":3}');

  // Layer 3 made opt/data opaque: a.txt and sub/ from layer 1 are hidden.
  expect(await fs.list("opt/data")).toEqual([{ name: "c.txt", kind: "file", size: 1 }]);
  expect(await fs.read("opt/data/a.txt")).toBeUndefined();
  expect(await fs.list("opt/data/sub")).toBeUndefined();

  // Overwritten file: latest content and layer.
  expect(text(await fs.read("var/lib/dpkg/status"))).toBe("Package: base\n\nPackage: curl\n");
  expect(fs.layerOf("var/lib/dpkg/status")).toBe(d2);
  expect(fs.layerOf("etc/os-release")).toBe(d1);
  expect(fs.layerOf("opt/data/c.txt")).toBe(d3);
  expect(fs.layerOf("opt/data/a.txt")).toBeUndefined();

  // Links: absolute, relative chains, through a directory link, clamped at the root, loops.
  expect(text(await fs.read("etc/alt-release"))).toBe(OS_RELEASE);
  expect(text(await fs.read("link1"))).toBe(OS_RELEASE);
  expect(fs.layerOf("link1")).toBe(d1);
  expect(text(await fs.read("lib/libc.so"))).toBe("LIBC");
  expect(await fs.list("lib")).toEqual([{ name: "libc.so", kind: "file", size: 4 }]);
  expect(text(await fs.read("app/escape"))).toBe("root:x:0:0:root:/root:/bin/sh\n");
  expect(await fs.read("app/host")).toBeUndefined();
  expect(await fs.read("loop/a")).toBeUndefined();
  expect(await fs.list("loop")).toEqual([]);

  // Hard link: wanted under its own name although its target was not.
  expect(text(await fs.read("bin/sh"))).toBe("BUSYBOX");
  expect(await fs.read("bin/busybox")).toBeUndefined();

  // The root: links to directories and devices are not listed.
  const root = (await fs.list(""))!.map((e) => `${e.name}:${e.kind}`);
  expect(root).toEqual([
    "app:dir",
    "bin:dir",
    "deep:dir",
    "etc:dir",
    "link1:file",
    "link2:file",
    "loop:dir",
    "opt:dir",
    "usr:dir",
    "var:dir",
  ]);
  expect(await fs.list("dev")).toBeUndefined(); // a FIFO alone creates nothing
  expect(text(await fs.read(`${LONG_DIR}/file.txt`))).toBe("long");
  expect(await fs.read("../../etc/passwd")).toBeDefined(); // clamped to the image root
  expect(image.omitted).toEqual([]);
}

describe("openImage formats", () => {
  it("reads a legacy docker-archive (pre-25 layout)", async () => {
    const path = await writeTemp(await tarOfFiles(await dockerArchiveFiles(SPEC, { legacy: true })));
    const image = await open(path);
    await expectFlattened(image);
    expect(image.info.tags).toEqual(["example.com/app:1.0"]);
    expect(image.fs.label).toBe("test-image");
    await image.fs.close();
  });

  it("reads a Docker 25+ archive through manifest.json (OCI layout alongside)", async () => {
    const files = await dockerArchiveFiles(SPEC);
    expect(files.has("index.json")).toBe(true);
    const image = await open(await writeTemp(await tarOfFiles(files)));
    await expectFlattened(image);
    expect(image.info.tags).toEqual(["example.com/app:1.0"]);
  });

  it("reads a gzip-compressed docker-archive", async () => {
    const tar = await tarOfFiles(await dockerArchiveFiles(SPEC, { legacy: true }));
    await expectFlattened(await open(await writeTemp(gzipSync(tar), "image.tar.gz")));
  });

  it("reads an OCI layout directory", async () => {
    const dir = join(work, "oci-dir");
    await writeFiles(dir, await ociLayoutFiles([{ image: await buildImage(SPEC), tags: ["example.com/app:1.0"] }]));
    const image = await open(dir);
    await expectFlattened(image);
    expect(image.info.tags).toEqual(["example.com/app:1.0", "1.0"]);
  });

  it("reads a tar of an OCI layout", async () => {
    const files = await ociLayoutFiles([{ image: await buildImage(SPEC) }]);
    const image = await open(await writeTemp(await tarOfFiles(files)));
    await expectFlattened(image);
    expect(image.info.tags).toEqual([]);
  });
});

describe("openImage platforms", () => {
  const amd64: ImageSpec = { layers: [{ entries: [{ path: "arch", content: "amd64" }] }] };
  const arm64: ImageSpec = {
    architecture: "arm64",
    variant: "v8",
    layers: [{ gzip: true, entries: [{ path: "arch", content: "arm64" }] }],
  };
  const attestation: ImageSpec = { os: "unknown", architecture: "unknown", layers: [] };

  async function layout(nested: boolean): Promise<string> {
    const files = await ociLayoutFiles(
      [
        { image: await buildImage(arm64), platform: { os: "linux", architecture: "arm64", variant: "v8" } },
        { image: await buildImage(amd64), platform: { os: "linux", architecture: "amd64" } },
        { image: await buildImage(attestation), platform: { os: "unknown", architecture: "unknown" } },
      ],
      { nested, tags: ["docker.io/library/multi:latest"] },
    );
    return writeTemp(await tarOfFiles(files));
  }

  it("picks linux/amd64 from a nested image index by default", async () => {
    const image = await open(await layout(true), { wanted: () => true });
    expect(text(await image.fs.read("arch"))).toBe("amd64");
    expect(image.info.architecture).toBe("amd64");
    expect(image.info.tags).toEqual(["docker.io/library/multi:latest", "latest"]);
  });

  it("picks the requested platform, from nested or flat indexes", async () => {
    for (const nested of [true, false]) {
      const image = await open(await layout(nested), { wanted: () => true, platform: "linux/arm64" });
      expect(text(await image.fs.read("arch"))).toBe("arm64");
      expect(image.info).toMatchObject({ os: "linux", architecture: "arm64", variant: "v8" });
    }
  });

  it("refuses a platform the index does not offer, or a malformed one", async () => {
    const path = await layout(true);
    await expect(open(path, { platform: "linux/s390x" })).rejects.toThrow(/linux\/arm64\/v8, linux\/amd64/);
    expect(await codeOf(open(path, { platform: "linux" }))).toBe("BULWARK_IMAGE_INVALID");
  });

  it("refuses a single-platform image of another platform", async () => {
    const path = await writeTemp(await tarOfFiles(await dockerArchiveFiles(arm64)));
    expect(await codeOf(open(path, { platform: "linux/amd64" }))).toBe("BULWARK_IMAGE_INVALID");
    const image = await open(path, { platform: "linux/arm64/v8" });
    expect(image.info.architecture).toBe("arm64");
  });
});

/**
 * Test-only builders for container images, following the docker-archive (`docker save`)
 * and OCI image-layout specifications, so tests need no Docker engine.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { type Header, pack } from "tar-stream";

/** One entry of a layer. Whiteouts are plain files named `.wh.<name>` / `.wh..wh..opq`. */
export type EntrySpec =
  | { readonly path: string; readonly content: string | Uint8Array; readonly type?: "file" }
  | { readonly path: string; readonly type: "dir" }
  | { readonly path: string; readonly type: "symlink" | "link"; readonly target: string }
  | { readonly path: string; readonly type: "fifo" };

/** A layer: its entries in tar order; gzip-compressed when `gzip`. */
export interface LayerSpec {
  readonly entries: readonly EntrySpec[];
  readonly gzip?: boolean;
}

/** An image: layers bottom first, and what its config says. */
export interface ImageSpec {
  readonly layers: readonly LayerSpec[];
  readonly tags?: readonly string[];
  readonly os?: string;
  readonly architecture?: string;
  readonly variant?: string;
}

/** A blob with its digest. */
export interface BuiltBlob {
  readonly digest: string;
  readonly bytes: Buffer;
}

/** An image's blobs: config, layers (as stored) and their diff_ids. */
export interface BuiltImage {
  readonly config: BuiltBlob;
  readonly layers: readonly (BuiltBlob & { readonly diffId: string; readonly gzip: boolean })[];
}

/** `sha256:<hex>` of `bytes`. */
export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

function hexOf(digest: string): string {
  return digest.slice("sha256:".length);
}

/** Packs raw tar entries (header + optional body) into a tar buffer. */
export async function packTar(
  entries: ReadonlyArray<{ header: Header | Partial<Header>; body?: Uint8Array | string }>,
) {
  const tar = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of tar as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  })();
  for (const { header, body } of entries) {
    await new Promise<void>((resolve, reject) => {
      const callback = (error?: Error | null) => (error ? reject(error) : resolve());
      if (body === undefined) tar.entry(header as Header, callback);
      else tar.entry(header as Header, body, callback);
    });
  }
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A layer tar (uncompressed) from entry specs. */
export function layerTar(entries: readonly EntrySpec[]): Promise<Buffer> {
  return packTar(
    entries.map((entry) => {
      const mtime = new Date(0);
      switch (entry.type) {
        case "dir":
          return { header: { name: entry.path, type: "directory", mode: 0o755, mtime } };
        case "symlink":
        case "link":
          return { header: { name: entry.path, type: entry.type, linkname: entry.target, mode: 0o777, mtime } };
        case "fifo":
          return { header: { name: entry.path, type: "fifo", mode: 0o644, mtime } };
        default:
          return { header: { name: entry.path, type: "file", mode: 0o644, mtime }, body: entry.content };
      }
    }),
  );
}

/** Builds the config and layer blobs of an image. */
export async function buildImage(spec: ImageSpec): Promise<BuiltImage> {
  const layers = [];
  for (const layer of spec.layers) {
    const tar = await layerTar(layer.entries);
    const bytes = layer.gzip ? gzipSync(tar) : tar;
    layers.push({ digest: sha256(bytes), bytes, diffId: sha256(tar), gzip: layer.gzip === true });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: spec.architecture ?? "amd64",
      os: spec.os ?? "linux",
      ...(spec.variant ? { variant: spec.variant } : {}),
      config: { Env: ["PATH=/usr/bin"] },
      rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) },
      history: layers.map(() => ({ created_by: "test" })),
    }),
  );
  return { config: { digest: sha256(config), bytes: config }, layers };
}

/** The files of a container, path → bytes. */
export type ContainerFiles = Map<string, Buffer>;

/**
 * The files of a `docker save` archive. `legacy` uses the pre-25 layout (`<id>.json`,
 * `<id>/layer.tar`); otherwise the Docker 25+ layout with blobs/ plus manifest.json.
 */
export async function dockerArchiveFiles(spec: ImageSpec, options: { legacy?: boolean } = {}): Promise<ContainerFiles> {
  const image = await buildImage(spec);
  const files: ContainerFiles = new Map();
  let configPath: string;
  const layerPaths: string[] = [];
  if (options.legacy) {
    configPath = `${hexOf(image.config.digest)}.json`;
    files.set(configPath, image.config.bytes);
    for (const layer of image.layers) {
      const path = `${hexOf(layer.diffId)}/layer.tar`;
      files.set(path, layer.bytes);
      files.set(`${hexOf(layer.diffId)}/VERSION`, Buffer.from("1.0"));
      layerPaths.push(path);
    }
  } else {
    const oci = await ociLayoutFiles([{ image, tags: spec.tags ?? [] }]);
    for (const [path, bytes] of oci) files.set(path, bytes);
    configPath = `blobs/sha256/${hexOf(image.config.digest)}`;
    for (const layer of image.layers) layerPaths.push(`blobs/sha256/${hexOf(layer.digest)}`);
  }
  const manifest = [{ Config: configPath, RepoTags: spec.tags ?? [], Layers: layerPaths }];
  files.set("manifest.json", Buffer.from(JSON.stringify(manifest)));
  return files;
}

/** One image of an OCI layout, with its platform (for an index) and names. */
export interface LayoutImage {
  readonly image: BuiltImage;
  readonly tags?: readonly string[];
  readonly platform?: { os: string; architecture: string; variant?: string };
}

function manifestOf(image: BuiltImage): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {
        mediaType: "application/vnd.oci.image.config.v1+json",
        digest: image.config.digest,
        size: image.config.bytes.length,
      },
      layers: image.layers.map((l) => ({
        mediaType: l.gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar",
        digest: l.digest,
        size: l.bytes.length,
      })),
    }),
  );
}

/**
 * The files of an OCI image layout. `nested` puts the images behind one image index blob
 * (as multi-platform images are stored); otherwise index.json lists the manifests itself.
 */
export async function ociLayoutFiles(
  images: readonly LayoutImage[],
  options: { nested?: boolean; tags?: readonly string[] } = {},
): Promise<ContainerFiles> {
  const files: ContainerFiles = new Map();
  const addBlob = (bytes: Buffer) => {
    const digest = sha256(bytes);
    files.set(`blobs/sha256/${hexOf(digest)}`, bytes);
    return { digest, size: bytes.length };
  };
  const annotate = (tags: readonly string[] | undefined) =>
    tags && tags.length > 0
      ? {
          annotations: {
            "io.containerd.image.name": tags[0],
            "org.opencontainers.image.ref.name": tags[0]!.split(":").pop(),
          },
        }
      : {};
  const descriptors = images.map(({ image, tags, platform }) => {
    addBlob(image.config.bytes);
    for (const layer of image.layers) addBlob(layer.bytes);
    return {
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      ...addBlob(manifestOf(image)),
      ...(platform ? { platform } : {}),
      ...(options.nested ? {} : annotate(tags)),
    };
  });
  let top = descriptors;
  if (options.nested) {
    const nested = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: descriptors,
      }),
    );
    top = [{ mediaType: "application/vnd.oci.image.index.v1+json", ...addBlob(nested), ...annotate(options.tags) }];
  }
  files.set("oci-layout", Buffer.from(JSON.stringify({ imageLayoutVersion: "1.0.0" })));
  files.set(
    "index.json",
    Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: top }),
    ),
  );
  return files;
}

/** A tar of container files (directories implied by the paths, as `docker save` writes them). */
export function tarOfFiles(files: ContainerFiles): Promise<Buffer> {
  return packTar(
    [...files].map(([name, body]) => ({ header: { name, type: "file", mode: 0o644, mtime: new Date(0) }, body })),
  );
}

/** Writes container files under `dir` (an OCI layout directory). */
export async function writeFiles(dir: string, files: ContainerFiles): Promise<void> {
  for (const [path, bytes] of files) {
    const target = join(dir, ...path.split("/"));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
}

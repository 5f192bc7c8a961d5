import { type ApplyContext, applyLayer, fillPendingLinks } from "./apply-layer.ts";
import type { BlobStore } from "./blob-store.ts";
import { openContainer } from "./container.ts";
import { resolveDockerArchive } from "./docker-archive.ts";
import { imageInvalid } from "./errors.ts";
import { FileTree } from "./file-tree.ts";
import { ImageFs } from "./image-fs.ts";
import type { ReadBudget } from "./layer-stream.ts";
import { resolveOciLayout } from "./oci-layout.ts";
import { formatPlatform, type Platform, parsePlatform, platformMatches } from "./platform.ts";
import type { ResolvedImage } from "./resolved-image.ts";
import { type ImageSource, type OpenImageOptions, resolveLimits } from "./types.ts";

async function resolveImage(store: BlobStore, platform: Platform | undefined, ref: string | undefined) {
  // Docker 25+ writes both; manifest.json names the image that was saved, so it wins.
  const manifest = await store.open("manifest.json");
  if (manifest !== undefined) return resolveDockerArchive(store, manifest, ref);
  const index = await store.open("index.json");
  if (index !== undefined) return resolveOciLayout(store, index, { platform, ref });
  throw imageInvalid(`${store.label}: neither manifest.json (docker-archive) nor index.json (OCI layout) was found`);
}

function checkPlatform(image: ResolvedImage, wanted: Platform | undefined, label: string): void {
  const { os, architecture, variant } = image.config;
  if (wanted === undefined || os === "" || architecture === "") return;
  const actual: Platform = variant === undefined ? { os, architecture } : { os, architecture, variant };
  if (!platformMatches(actual, wanted)) {
    throw imageInvalid(`${label}: the image is ${formatPlatform(actual)}, not ${formatPlatform(wanted)}`);
  }
}

/**
 * Opens a container image — a `docker save` tar (optionally gzip-compressed), an OCI image
 * layout directory, or a tar of one — and flattens its layers into a read-only filesystem.
 * Every path is indexed; only files accepted by `options.wanted` keep their bytes in memory.
 * Throws a BulwarkError (BULWARK_IMAGE_INVALID, BULWARK_ARCHIVE_*, BULWARK_INPUT_NOT_FOUND).
 */
export async function openImage(path: string, options: OpenImageOptions = {}): Promise<ImageSource> {
  const label = options.label ?? path;
  const limits = resolveLimits(options);
  let platform: Platform | undefined;
  if (options.platform !== undefined) {
    platform = parsePlatform(options.platform);
    if (platform === undefined) {
      throw imageInvalid(
        `"${options.platform}" is not a platform`,
        {},
        "Write a platform as os/arch[/variant], for example linux/arm64.",
      );
    }
  }
  const store = await openContainer(path, label, { limits, bytes: 0, entries: 0 });
  try {
    const image = await resolveImage(store, platform, options.ref);
    checkPlatform(image, platform, label);
    const budget: ReadBudget = { limits, bytes: 0, entries: 0 };
    const ctx: ApplyContext = {
      tree: new FileTree(),
      wanted: options.wanted ?? (() => false),
      budget,
      omitted: [],
      pendingLinks: [],
    };
    for (const [index, blob] of image.layers.entries()) {
      const digest = await applyLayer(ctx, index, blob, options.verifyLayers === true);
      const expected = image.config.diffIds[index];
      if (digest !== undefined && digest !== expected) {
        throw imageInvalid(`${label}: layer ${blob.name} has digest ${digest}, the config says ${expected}`, {
          layer: blob.name,
        });
      }
    }
    await fillPendingLinks(ctx, image.layers);
    const { os, architecture, variant, diffIds } = image.config;
    return {
      fs: new ImageFs(label, ctx.tree, diffIds),
      info: {
        tags: image.tags,
        id: image.id,
        os,
        architecture,
        ...(variant === undefined ? {} : { variant }),
        layers: diffIds,
      },
      omitted: ctx.omitted,
    };
  } finally {
    // Everything kept is in memory now; a temporary decompressed archive is not needed any more.
    await store.close();
  }
}

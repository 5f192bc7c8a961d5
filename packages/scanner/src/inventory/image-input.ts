import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { EXTRACTORS, type ExtractNote } from "@bulwark/extractors";
import { openImage } from "../image/open-image.ts";
import type { ImageInfo, ImageSource } from "../image/types.ts";

const OS_RELEASE = new Set(["etc/os-release", "usr/lib/os-release"]);

/**
 * Whether an input is a container image: a directory holding an OCI `oci-layout` file, or a
 * file that is a tar (the `ustar` magic at offset 257), gzip, or named `.tar`/`.tar.gz`/`.tgz`.
 */
export async function looksLikeImage(path: string, isDirectory: boolean): Promise<boolean> {
  if (isDirectory) return existsSync(join(path, "oci-layout"));
  if (/\.(tar|tar\.gz|tgz)$/i.test(path)) return true;
  const fh = await open(path, "r");
  try {
    const head = Buffer.alloc(262);
    const { bytesRead } = await fh.read(head, 0, 262, 0);
    if (bytesRead >= 262 && head.toString("latin1", 257, 262) === "ustar") return true;
    // A gzip file is an image only if named so: a gzipped EPSS CSV or SBOM is not.
    return false;
  } finally {
    await fh.close();
  }
}

/** An opened image, what the inventory records about it, and notes for files it could not keep. */
export interface OpenedImage {
  readonly fs: ImageSource["fs"];
  readonly info: ImageInfo;
  readonly notes: ExtractNote[];
}

/** Open an image keeping only the files some extractor reads (and os-release). */
export async function openImageSource(
  path: string,
  opts: { readonly image?: { readonly maxBytes?: number; readonly maxEntries?: number; readonly platform?: string } },
): Promise<OpenedImage> {
  const image = await openImage(path, {
    wanted: (p) => OS_RELEASE.has(p) || EXTRACTORS.some((e) => e.fileRequired(p)),
    ...(opts.image?.maxBytes !== undefined && { maxTotalBytes: opts.image.maxBytes }),
    ...(opts.image?.maxEntries !== undefined && { maxEntries: opts.image.maxEntries }),
    ...(opts.image?.platform !== undefined && { platform: opts.image.platform }),
  });
  const notes = image.omitted.map(
    (o): ExtractNote => ({
      code: "BULWARK_EXTRACT_FILE_TOO_LARGE",
      path: o.path,
      message:
        o.reason === "file-too-large"
          ? `the file has ${o.size} bytes, over the per-file memory limit for images`
          : `the file (${o.size} bytes) did not fit the memory budget for image files`,
    }),
  );
  return { fs: image.fs, info: image.info, notes };
}

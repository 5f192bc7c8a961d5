import type { Blob } from "./blob-store.ts";
import type { ImageConfig } from "./image-config.ts";

/** An image located inside its container: config and layer blobs, bottom layer first. */
export interface ResolvedImage {
  readonly tags: readonly string[];
  /** sha256 digest of the config blob: the image ID. */
  readonly id: string;
  readonly config: ImageConfig;
  readonly layers: readonly Blob[];
}

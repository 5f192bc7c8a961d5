import { imageInvalid } from "./errors.ts";
import { isDigest, isObject } from "./json-blob.ts";

/** What Bulwark needs from an image config (OCI image-spec config.md / docker image JSON). */
export interface ImageConfig {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly diffIds: readonly string[];
}

/** Validates an image config's `os`, `architecture` and `rootfs.diff_ids`. */
export function parseImageConfig(json: unknown, label: string): ImageConfig {
  if (!isObject(json)) throw imageInvalid(`${label}: the image config is not a JSON object`);
  const rootfs = json.rootfs;
  const diffIds = isObject(rootfs) ? rootfs.diff_ids : undefined;
  if (!Array.isArray(diffIds) || !diffIds.every(isDigest)) {
    throw imageInvalid(`${label}: the image config has no valid rootfs.diff_ids list`);
  }
  const os = typeof json.os === "string" ? json.os : "";
  const architecture = typeof json.architecture === "string" ? json.architecture : "";
  const variant = typeof json.variant === "string" ? json.variant : undefined;
  return variant === undefined ? { os, architecture, diffIds } : { os, architecture, variant, diffIds };
}

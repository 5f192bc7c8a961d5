import type { Blob, BlobStore } from "./blob-store.ts";
import { imageInvalid } from "./errors.ts";
import { parseImageConfig } from "./image-config.ts";
import { blobPath, isDigest, isObject, type JsonObject, readJson, requireBlob, verifyDigest } from "./json-blob.ts";
import { DEFAULT_PLATFORM, formatPlatform, type Platform, platformMatches, platformOf } from "./platform.ts";
import type { ResolvedImage } from "./resolved-image.ts";

const INDEX_TYPES = new Set([
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
]);
const NAME_ANNOTATIONS = ["io.containerd.image.name", "org.opencontainers.image.ref.name"];
const MAX_INDEX_DEPTH = 4;

interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size?: number;
  readonly platform?: Platform;
  readonly annotations: Record<string, string>;
}

function parseDescriptor(value: unknown, label: string): Descriptor {
  if (!isObject(value) || !isDigest(value.digest)) {
    throw imageInvalid(`${label}: a descriptor lacks a valid "digest" (sha256:<64 hex>)`);
  }
  const annotations: Record<string, string> = {};
  if (isObject(value.annotations)) {
    for (const [key, text] of Object.entries(value.annotations)) if (typeof text === "string") annotations[key] = text;
  }
  const platform = platformOf(value.platform);
  return {
    mediaType: typeof value.mediaType === "string" ? value.mediaType : "",
    digest: value.digest,
    ...(typeof value.size === "number" ? { size: value.size } : {}),
    ...(platform === undefined ? {} : { platform }),
    annotations,
  };
}

function descriptorList(value: unknown, field: string, label: string): Descriptor[] {
  if (!Array.isArray(value)) throw imageInvalid(`${label}: "${field}" is not a list of descriptors`);
  return value.map((item) => parseDescriptor(item, label));
}

/** Reads the blob a descriptor names, checking its size and digest. */
async function readDescriptorJson(store: BlobStore, descriptor: Descriptor, what: string): Promise<JsonObject> {
  const blob = await requireBlob(store, blobPath(descriptor.digest), what);
  const { json, bytes } = await readJson(blob, store.label, what);
  verifyDigest(bytes, descriptor.digest, store.label, what);
  if (!isObject(json)) throw imageInvalid(`${store.label}: ${what} ${descriptor.digest} is not a JSON object`);
  return json;
}

function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.platform?.os === "unknown" ||
    descriptor.annotations["vnd.docker.reference.type"] === "attestation-manifest"
  );
}

/** Picks one descriptor: the only one, else the one matching the wanted (or default) platform. */
function pickDescriptor(candidates: Descriptor[], wanted: Platform | undefined, label: string): Descriptor {
  const images = candidates.filter((d) => !isAttestation(d));
  if (
    images.length === 1 &&
    (wanted === undefined || !images[0]!.platform || platformMatches(images[0]!.platform, wanted))
  ) {
    return images[0]!;
  }
  const platform = wanted ?? DEFAULT_PLATFORM;
  const matches = images.filter((d) => d.platform !== undefined && platformMatches(d.platform, platform));
  if (matches.length === 1) return matches[0]!;
  const offered = images.map((d) => (d.platform ? formatPlatform(d.platform) : d.digest)).join(", ");
  if (images.length === 0) throw imageInvalid(`${label}: the image index lists no image manifests`);
  throw imageInvalid(
    `${label}: cannot choose between ${images.length} manifests for ${formatPlatform(platform)} (offered: ${offered})`,
    { offered },
    "Choose one with the platform option (for example linux/arm64) or the ref option.",
  );
}

function tagsOf(descriptor: Descriptor): string[] {
  const tags = NAME_ANNOTATIONS.map((key) => descriptor.annotations[key]).filter((t): t is string => !!t);
  return [...new Set(tags)];
}

/**
 * Reads an OCI image layout (image-spec image-layout.md): `oci-layout`, `index.json`, then
 * manifest → config → layers, following nested indexes and picking one platform. Every
 * index, manifest and config is checked against its digest.
 */
export async function resolveOciLayout(
  store: BlobStore,
  indexBlob: Blob,
  options: { platform: Platform | undefined; ref: string | undefined },
): Promise<ResolvedImage> {
  const label = store.label;
  const layoutBlob = await store.open("oci-layout");
  if (layoutBlob === undefined)
    throw imageInvalid(`${label}: index.json is present but the "oci-layout" file is missing`);
  const { json: layout } = await readJson(layoutBlob, label, "oci-layout");
  if (!isObject(layout) || typeof layout.imageLayoutVersion !== "string") {
    throw imageInvalid(`${label}: "oci-layout" has no imageLayoutVersion`);
  }
  const { json: index } = await readJson(indexBlob, label, "index.json");
  if (!isObject(index)) throw imageInvalid(`${label}: index.json is not a JSON object`);
  let candidates = descriptorList(index.manifests, "manifests", label);
  if (options.ref !== undefined) {
    const ref = options.ref;
    candidates = candidates.filter((d) => tagsOf(d).some((tag) => tag === ref || tag.endsWith(`/${ref}`)));
    if (candidates.length === 0) throw imageInvalid(`${label}: no image named "${ref}" in index.json`, { ref });
  }
  let chosen = pickDescriptor(candidates, options.platform, label);
  const tags = tagsOf(chosen);
  let manifest = await readDescriptorJson(store, chosen, "manifest");
  for (let depth = 0; INDEX_TYPES.has(chosen.mediaType) || Array.isArray(manifest.manifests); depth++) {
    if (depth >= MAX_INDEX_DEPTH) throw imageInvalid(`${label}: image indexes are nested too deeply`);
    chosen = pickDescriptor(descriptorList(manifest.manifests, "manifests", label), options.platform, label);
    manifest = await readDescriptorJson(store, chosen, "manifest");
  }
  const configDescriptor = parseDescriptor(manifest.config, label);
  const configJson = await readDescriptorJson(store, configDescriptor, "image config");
  const config = parseImageConfig(configJson, label);
  const layerDescriptors = descriptorList(manifest.layers, "layers", label);
  if (layerDescriptors.length !== config.diffIds.length) {
    throw imageInvalid(
      `${label}: the manifest lists ${layerDescriptors.length} layers but the config has ${config.diffIds.length} diff_ids`,
    );
  }
  const layers: Blob[] = [];
  for (const descriptor of layerDescriptors) {
    const blob = await requireBlob(store, blobPath(descriptor.digest), "layer");
    if (descriptor.size !== undefined && descriptor.size !== blob.size) {
      throw imageInvalid(
        `${label}: layer ${descriptor.digest} is ${blob.size} bytes, the manifest says ${descriptor.size}`,
      );
    }
    layers.push(blob);
  }
  return { tags, id: configDescriptor.digest, config, layers };
}

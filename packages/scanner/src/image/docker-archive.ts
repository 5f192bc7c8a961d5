import type { Blob, BlobStore } from "./blob-store.ts";
import { imageInvalid } from "./errors.ts";
import { parseImageConfig } from "./image-config.ts";
import { digestOf, isObject, type JsonObject, readJson, requireBlob, verifyDigest } from "./json-blob.ts";
import type { ResolvedImage } from "./resolved-image.ts";

/** The config digest a docker-archive path implies: `<hex>.json` (legacy) or `blobs/sha256/<hex>` (Docker 25+). */
function digestFromPath(path: string): string | undefined {
  const legacy = /^([a-f0-9]{64})\.json$/.exec(path);
  if (legacy) return `sha256:${legacy[1]}`;
  const blob = /^blobs\/(sha256|sha512)\/([a-f0-9]+)$/.exec(path);
  return blob ? `${blob[1]}:${blob[2]}` : undefined;
}

function pickEntry(entries: JsonObject[], ref: string | undefined, label: string): JsonObject {
  const tagsOf = (entry: JsonObject): string[] =>
    Array.isArray(entry.RepoTags) ? entry.RepoTags.filter((t): t is string => typeof t === "string") : [];
  if (ref !== undefined) {
    const match = entries.find((entry) => tagsOf(entry).some((tag) => tag === ref || tag.endsWith(`/${ref}`)));
    if (match === undefined) throw imageInvalid(`${label}: no image tagged "${ref}" in manifest.json`, { ref });
    return match;
  }
  if (entries.length !== 1) {
    const names = entries.map((entry) => tagsOf(entry)[0] ?? String(entry.Config)).join(", ");
    throw imageInvalid(
      `${label}: manifest.json lists ${entries.length} images (${names})`,
      {},
      "Choose one with the ref option.",
    );
  }
  return entries[0]!;
}

/**
 * Reads a `docker save` archive through its manifest.json (`[{Config, RepoTags, Layers}]`),
 * the format written by every Docker version, including 25+ which also adds an OCI layout.
 */
export async function resolveDockerArchive(
  store: BlobStore,
  manifestBlob: Blob,
  ref: string | undefined,
): Promise<ResolvedImage> {
  const label = store.label;
  const { json } = await readJson(manifestBlob, label, "manifest");
  if (!Array.isArray(json) || json.length === 0 || !json.every(isObject)) {
    throw imageInvalid(`${label}: manifest.json is not a non-empty array of image entries`);
  }
  const entry = pickEntry(json, ref, label);
  const { Config, Layers, RepoTags } = entry;
  if (typeof Config !== "string" || !Array.isArray(Layers) || !Layers.every((l) => typeof l === "string")) {
    throw imageInvalid(`${label}: a manifest.json entry lacks "Config" or a "Layers" list of paths`);
  }
  const configBlob = await requireBlob(store, Config, "image config");
  const { json: configJson, bytes } = await readJson(configBlob, label, "image config");
  const expected = digestFromPath(Config);
  if (expected !== undefined) verifyDigest(bytes, expected, label, `image config "${Config}"`);
  const config = parseImageConfig(configJson, label);
  if (config.diffIds.length !== Layers.length) {
    throw imageInvalid(
      `${label}: manifest.json lists ${Layers.length} layers but the config has ${config.diffIds.length} diff_ids`,
    );
  }
  const layers: Blob[] = [];
  for (const layer of Layers as string[]) layers.push(await requireBlob(store, layer, "layer"));
  const tags = Array.isArray(RepoTags) ? RepoTags.filter((t): t is string => typeof t === "string") : [];
  return { tags, id: digestOf(bytes), config, layers };
}

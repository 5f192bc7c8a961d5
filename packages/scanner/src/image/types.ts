import type { SourceFs } from "../source-fs.ts";

/** Decides whether a file's bytes are kept in memory (`path` relative to the image root, `size` in bytes). */
export type WantedPredicate = (path: string, size: number) => boolean;

/** Options for {@link openImage}. Every limit has a default; raise it only for archives you trust. */
export interface OpenImageOptions {
  /** Which files keep their content; every other file is only indexed (name, size, layer). Default: none. */
  readonly wanted?: WantedPredicate;
  /** `os/arch[/variant]` to pick from a multi-platform index. Default: the only one, else `linux/amd64`. */
  readonly platform?: string;
  /** Pick one image of an archive holding several, by tag or OCI ref name (`alpine:3.19`). */
  readonly ref?: string;
  /** Total bytes of wanted contents kept in memory. Default 512 MiB. */
  readonly maxWantedBytes?: number;
  /** Largest single wanted file kept in memory. Default 128 MiB. */
  readonly maxWantedFileBytes?: number;
  /** Total uncompressed bytes read from all layers (and from a gzip-compressed outer archive). Default 8 GiB. */
  readonly maxTotalBytes?: number;
  /** Total tar entries over all layers and the outer archive. Default 1,000,000. */
  readonly maxEntries?: number;
  /** Largest uncompressed/compressed ratio of one gzip stream (default 200), checked... */
  readonly maxCompressionRatio?: number;
  /** ...once it has produced more than this many bytes. Default 100 MiB. */
  readonly compressionRatioMinBytes?: number;
  /** Check every layer's uncompressed sha256 against the config's diff_id. Default false (costs CPU). */
  readonly verifyLayers?: boolean;
  /** Label used in messages and as `fs.label`. Default: the path as given. */
  readonly label?: string;
}

/** The resolved limits, every option filled in. */
export interface ImageLimits {
  readonly maxWantedBytes: number;
  readonly maxWantedFileBytes: number;
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
  readonly maxCompressionRatio: number;
  readonly compressionRatioMinBytes: number;
}

const MiB = 1024 * 1024;

/** Default limits; see docs/container-images.md. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxWantedBytes: 512 * MiB,
  maxWantedFileBytes: 128 * MiB,
  maxTotalBytes: 8 * 1024 * MiB,
  maxEntries: 1_000_000,
  maxCompressionRatio: 200,
  compressionRatioMinBytes: 100 * MiB,
};

/** Facts about the image, from its manifest and config. */
export interface ImageInfo {
  /** Tags (`RepoTags` of a docker-archive, ref-name annotations of an OCI layout); may be empty. */
  readonly tags: readonly string[];
  /** The image ID: the sha256 digest of the config blob (`sha256:...`). */
  readonly id: string;
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  /** Layer diff_ids (digests of the uncompressed layer tars), bottom layer first. */
  readonly layers: readonly string[];
}

/** A wanted file whose content was not kept, and why. */
export interface OmittedFile {
  readonly path: string;
  readonly size: number;
  /** `file-too-large`: over maxWantedFileBytes; `memory-budget`: maxWantedBytes would be exceeded. */
  readonly reason: "file-too-large" | "memory-budget";
}

/** An opened container image: its flattened filesystem and what the image says about itself. */
export interface ImageSource {
  /** The filesystem after applying every layer; `layerOf` gives a path's diff_id. */
  readonly fs: SourceFs & {
    layerOf(path: string): string | undefined;
    history(path: string): { layer: string; content: Uint8Array }[] | undefined;
    size(path: string): Promise<number | undefined>;
    close(): Promise<void>;
  };
  readonly info: ImageInfo;
  /** Wanted files whose content was dropped by a memory limit (the scanner turns them into notes). */
  readonly omitted: readonly OmittedFile[];
}

/** Fills every limit option with its default. */
export function resolveLimits(options: OpenImageOptions): ImageLimits {
  return {
    maxWantedBytes: options.maxWantedBytes ?? DEFAULT_IMAGE_LIMITS.maxWantedBytes,
    maxWantedFileBytes: options.maxWantedFileBytes ?? DEFAULT_IMAGE_LIMITS.maxWantedFileBytes,
    maxTotalBytes: options.maxTotalBytes ?? DEFAULT_IMAGE_LIMITS.maxTotalBytes,
    maxEntries: options.maxEntries ?? DEFAULT_IMAGE_LIMITS.maxEntries,
    maxCompressionRatio: options.maxCompressionRatio ?? DEFAULT_IMAGE_LIMITS.maxCompressionRatio,
    compressionRatioMinBytes: options.compressionRatioMinBytes ?? DEFAULT_IMAGE_LIMITS.compressionRatioMinBytes,
  };
}

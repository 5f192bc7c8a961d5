/** What kind of entry a path is. Symbolic links are resolved by the source, never exposed. */
export type EntryKind = "file" | "dir";

/** One entry of a directory listing. */
export interface SourceEntry {
  /** The entry's name (one path segment). */
  readonly name: string;
  readonly kind: EntryKind;
  /** Size in bytes (files only). */
  readonly size: number;
}

/**
 * A read-only tree of files that the walker and the extractors read: a directory on disk,
 * or the flattened filesystem of a container image. Paths are relative to the root,
 * `/`-separated, without a leading `/` (`""` is the root). Implementations confine every
 * access to the root: a path or link that would leave it resolves to `undefined`.
 */
export interface SourceFs {
  /** A short description for messages (`./project`, `image.tar`). */
  readonly label: string;
  /** The entries of a directory, or `undefined` when it does not exist or cannot be read. */
  list(dir: string): Promise<SourceEntry[] | undefined>;
  /** A file's bytes, or `undefined` when it does not exist, is not a file or cannot be read. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** A file's size without reading it (when listing did not give it), or `undefined`. */
  size?(path: string): Promise<number | undefined>;
  /** Which layer introduced this path (container images only). */
  layerOf?(path: string): string | undefined;
  /**
   * Container images: every kept version of a file, bottom layer first, ending with the current
   * one, each with the layer that wrote it — so a package can be traced to the layer that added it.
   */
  history?(path: string): { layer: string; content: Uint8Array }[] | undefined;
  /** Release temporary resources (temporary directories of an image). */
  close?(): Promise<void>;
}

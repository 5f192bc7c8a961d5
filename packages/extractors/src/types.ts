import type { ExtractedPackage, ExtractNote } from "@bulwark/core";

// The inventory model is shared with scan reports, so it lives in @bulwark/core.
export type {
  ExtractedPackage,
  ExtractNote,
  Inventory,
  InventorySource,
  PackageLocation,
  Relation,
  Scope,
} from "@bulwark/core";

/** What an extractor returns for one file. */
export interface ExtractResult {
  readonly packages: ExtractedPackage[];
  readonly notes: ExtractNote[];
}

/** Facts about the scanned root that several extractors need (read once by the walker). */
export interface ScanContext {
  /** Parsed `etc/os-release` (or `usr/lib/os-release`) of the root, when it has one. */
  readonly osRelease?: Readonly<Record<string, string>>;
}

/** One file handed to an extractor. The walker does all I/O. */
export interface ExtractInput {
  /** Path relative to the scanned root, `/`-separated, no leading `/`. */
  readonly path: string;
  /** The file's bytes. */
  readonly content: Uint8Array;
  /** The content decoded as UTF-8 (BOM removed), computed once. */
  text(): string;
  /**
   * Read another file of the same root: `p` relative to this file's directory, or from the
   * root when it starts with `/`. Resolves `undefined` for a missing file or one outside the root.
   */
  readFile(p: string): Promise<Uint8Array | undefined>;
  /** List a directory of the same root (same path rules); `undefined` when missing. */
  listDir(p: string): Promise<string[] | undefined>;
  readonly context: ScanContext;
}

/**
 * A reader for one file format of one ecosystem. `fileRequired` is called for every
 * file the walker sees, so it must be cheap and look only at the path; `extract`
 * must not throw for bad content: it returns a note instead.
 */
export interface Extractor {
  /** `<ecosystem>/<format>`, the same as its folder (`npm/package-lock`). */
  readonly name: string;
  /** One line for docs and `bulwark sbom --list-extractors`. */
  readonly description: string;
  /** Whether this file (path relative to the root, `/`-separated) is one this extractor reads. */
  fileRequired(path: string): boolean;
  /**
   * For a file named explicitly on the command line whose name no extractor recognises
   * (`my-sbom.json`): whether its first bytes (up to 4 KiB) look like this format.
   */
  detect?(head: string): boolean;
  extract(input: ExtractInput, signal: AbortSignal): Promise<ExtractResult>;
}

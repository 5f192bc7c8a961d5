import type { ErrorCode } from "./error-codes.ts";

/** Whether the project asked for a package itself or got it through another package. */
export type Relation = "direct" | "transitive";

/**
 * What a package is needed for, where the format says so. `prod` is the default
 * and is left out of output; `dev` covers test and build-time only dependencies.
 */
export type Scope = "prod" | "dev" | "optional" | "peer";

/** Where a package was found: the file (relative to the scanned root, `/`-separated) and line, 1-based. */
export interface PackageLocation {
  readonly path: string;
  readonly line?: number;
}

/** One package an extractor found. */
export interface ExtractedPackage {
  /** OSV ecosystem, suffixed for OS packages (`Debian:12`); a plain name (`CocoaPods`) where OSV has none. */
  readonly ecosystem: string;
  /** Name as the ecosystem spells it (`@scope/name`, `group:artifact`, a Go module path). */
  readonly name: string;
  /** Exact version in the ecosystem's own spelling (Go without `v`, RPM `epoch:version-release`). */
  readonly version: string;
  /** Package URL; the shared helper fills it in when the extractor leaves it out. */
  readonly purl?: string;
  /** Every place the package was seen. */
  readonly locations: readonly PackageLocation[];
  readonly relation?: Relation;
  readonly scope?: Scope;
  /** OS packages: the source package that OS advisories are keyed on (`openssl` for `libssl3`). */
  readonly sourceName?: string;
  readonly sourceVersion?: string;
  /** Container images: the digest of the layer that introduced the package (set by the image reader). */
  readonly layer?: string;
}

/** A problem with one input file. It never stops the run; `--strict` makes it fail the command. */
export interface ExtractNote {
  readonly code: ErrorCode;
  /** The file, relative to the scanned root. */
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

/** Where an inventory came from. */
export interface InventorySource {
  readonly kind: "directory" | "file" | "image";
  /** The path as given by the user. */
  readonly path: string;
  /** Container images: what the image's config says about it. */
  readonly image?: {
    readonly tags: readonly string[];
    /** Digest of the image config (`sha256:…`), the image ID. */
    readonly id: string;
    readonly os?: string;
    readonly architecture?: string;
    /** Layer digests (`sha256:…` of the uncompressed layer, as in `rootfs.diff_ids`), bottom first. */
    readonly layers: readonly string[];
  };
}

/** Everything found in one or more inputs: the native inventory that every SBOM format is rendered from. */
export interface Inventory {
  readonly sources: readonly InventorySource[];
  readonly packages: readonly ExtractedPackage[];
  readonly notes: readonly ExtractNote[];
}

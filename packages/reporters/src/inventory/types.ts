import type { Inventory } from "@bulwark/extractors";

/** The formats `bulwark sbom --format` writes, one folder each under `inventory/`. */
export type InventoryFormat = "json" | "cyclonedx-json" | "cyclonedx-xml" | "spdx-json" | "spdx-tag-value";

/** What every writer needs besides the inventory. The caller passes the clock and ids so output is reproducible. */
export interface RenderOptions {
  /** Tool name written into the document's creator/tool fields (`bulwark`). */
  readonly toolName: string;
  readonly toolVersion: string;
  /** Creation time written into the document. */
  readonly now: Date;
  /** Name of the document and of its subject when there is more than one source (or none). */
  readonly documentName?: string;
  /** Source of random UUIDs (CycloneDX serial number, SPDX namespace); defaults to `crypto.randomUUID`. */
  readonly uuid?: () => string;
}

/**
 * Renders an inventory into one document format. `render` is pure: the same inventory and
 * options give the same bytes (packages sorted by ecosystem, name, version).
 */
export interface InventoryWriter {
  readonly format: InventoryFormat;
  /** IANA media type of the output. */
  readonly mediaType: string;
  /** Conventional file-name ending, with the leading dot (`.cdx.json`). */
  readonly fileExtension: string;
  render(inv: Inventory, opts: RenderOptions): string;
}

import { cyclonedxJsonWriter } from "./cyclonedx-json/index.ts";
import { cyclonedxXmlWriter } from "./cyclonedx-xml/index.ts";
import { jsonWriter } from "./json/index.ts";
import { spdxJsonWriter } from "./spdx-json/index.ts";
import { spdxTagValueWriter } from "./spdx-tag-value/index.ts";
import type { InventoryFormat, InventoryWriter } from "./types.ts";

/** Every inventory writer, in the order of the table in `docs/extending/reporters.md`. */
export const INVENTORY_WRITERS: readonly InventoryWriter[] = [
  jsonWriter,
  cyclonedxJsonWriter,
  cyclonedxXmlWriter,
  spdxJsonWriter,
  spdxTagValueWriter,
];

/** The format names `bulwark sbom --format` accepts. */
export const INVENTORY_FORMATS: readonly InventoryFormat[] = INVENTORY_WRITERS.map((w) => w.format);

const BY_FORMAT = new Map<string, InventoryWriter>(INVENTORY_WRITERS.map((w) => [w.format, w]));

/** The writer of a format; `undefined` for a name no writer has (the CLI reports it as a usage error). */
export function inventoryWriterFor(format: string): InventoryWriter | undefined {
  return BY_FORMAT.get(format);
}

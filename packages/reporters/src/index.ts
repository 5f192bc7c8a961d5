/** @bulwark/reporters: render inventories and scan results into the formats Bulwark writes. */

export { INVENTORY_FORMATS, INVENTORY_WRITERS, inventoryWriterFor } from "./inventory/registry.ts";
export type { InventoryFormat, InventoryWriter, RenderOptions } from "./inventory/types.ts";
export * from "./scan/index.ts";

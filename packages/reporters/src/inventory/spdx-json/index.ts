import { buildSpdxDocument } from "../shared/spdx-document.ts";
import type { InventoryWriter } from "../types.ts";

/** SPDX 2.3 JSON (the subject package, one package per inventory entry, purls as external references). */
export const spdxJsonWriter: InventoryWriter = {
  format: "spdx-json",
  mediaType: "application/spdx+json",
  fileExtension: ".spdx.json",
  render(inv, opts) {
    return `${JSON.stringify(buildSpdxDocument(inv, opts), null, 2)}\n`;
  },
};

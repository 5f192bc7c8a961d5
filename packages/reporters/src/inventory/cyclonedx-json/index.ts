import { Serialize } from "@cyclonedx/cyclonedx-library";
import { buildBom, CYCLONEDX_SPEC } from "../shared/cyclonedx-bom.ts";
import type { InventoryWriter } from "../types.ts";

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(CYCLONEDX_SPEC));

/** CycloneDX 1.6 JSON, built and serialised with the official CycloneDX library. */
export const cyclonedxJsonWriter: InventoryWriter = {
  format: "cyclonedx-json",
  mediaType: "application/vnd.cyclonedx+json; version=1.6",
  fileExtension: ".cdx.json",
  render(inv, opts) {
    // sortLists off: components keep Bulwark's order (ecosystem, name, version), not the library's.
    return `${serializer.serialize(buildBom(inv, opts), { sortLists: false, space: 2 })}\n`;
  },
};

import { buildBom } from "../shared/cyclonedx-bom.ts";
import { serializeBom } from "../shared/cyclonedx-library.ts";
import type { InventoryWriter } from "../types.ts";

/** CycloneDX 1.6 JSON, built and serialised with the official CycloneDX library. */
export const cyclonedxJsonWriter: InventoryWriter = {
  format: "cyclonedx-json",
  mediaType: "application/vnd.cyclonedx+json; version=1.6",
  fileExtension: ".cdx.json",
  render(inv, opts) {
    return serializeBom(buildBom(inv, opts), "json");
  },
};

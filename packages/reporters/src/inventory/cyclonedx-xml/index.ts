import { buildBom } from "../shared/cyclonedx-bom.ts";
import { serializeBom } from "../shared/cyclonedx-library.ts";
import type { InventoryWriter } from "../types.ts";

/** CycloneDX 1.6 XML, built with the official CycloneDX library and written by xmlbuilder2. */
export const cyclonedxXmlWriter: InventoryWriter = {
  format: "cyclonedx-xml",
  mediaType: "application/vnd.cyclonedx+xml; version=1.6",
  fileExtension: ".cdx.xml",
  render(inv, opts) {
    return serializeBom(buildBom(inv, opts), "xml");
  },
};

import { Serialize } from "@cyclonedx/cyclonedx-library";
import { buildBom, CYCLONEDX_SPEC } from "../shared/cyclonedx-bom.ts";
import type { InventoryWriter } from "../types.ts";

const serializer = new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(CYCLONEDX_SPEC));

/** CycloneDX 1.6 XML, built with the official CycloneDX library and written by xmlbuilder2. */
export const cyclonedxXmlWriter: InventoryWriter = {
  format: "cyclonedx-xml",
  mediaType: "application/vnd.cyclonedx+xml; version=1.6",
  fileExtension: ".cdx.xml",
  render(inv, opts) {
    // sortLists off: components keep Bulwark's order (ecosystem, name, version), not the library's.
    return `${serializer.serialize(buildBom(inv, opts), { sortLists: false, space: 2 })}\n`;
  },
};

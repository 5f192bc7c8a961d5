import { Serialize } from "@cyclonedx/cyclonedx-library";
import { CYCLONEDX_SPEC } from "../../inventory/shared/cyclonedx-bom.ts";
import { buildVdr } from "../shared/vex-cyclonedx.ts";
import type { ScanReporter } from "../types.ts";

const serializer = new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(CYCLONEDX_SPEC));

/** CycloneDX 1.6 XML VDR: the same BOM as `cyclonedx-json`, written by xmlbuilder2. */
export const cyclonedxXmlReporter: ScanReporter = {
  format: "cyclonedx-xml",
  mediaType: "application/vnd.cyclonedx+xml; version=1.6",
  fileExtension: ".cdx.xml",
  description: "CycloneDX 1.6 XML with vulnerabilities (the same VDR as cyclonedx-json)",
  render(report, opts) {
    // sortLists off: components keep Bulwark's order, vulnerabilities the report's priority order.
    return `${serializer.serialize(buildVdr(report, opts), { sortLists: false, space: 2 })}\n`;
  },
};

import { serializeBom } from "../../inventory/shared/cyclonedx-library.ts";
import { buildVdr } from "../shared/vex-cyclonedx.ts";
import type { ScanReporter } from "../types.ts";

/** CycloneDX 1.6 XML VDR: the same BOM as `cyclonedx-json`, written by xmlbuilder2. */
export const cyclonedxXmlReporter: ScanReporter = {
  format: "cyclonedx-xml",
  mediaType: "application/vnd.cyclonedx+xml; version=1.6",
  fileExtension: ".cdx.xml",
  description: "CycloneDX 1.6 XML with vulnerabilities (the same VDR as cyclonedx-json)",
  readsRecords: true,
  render(report, opts) {
    return serializeBom(buildVdr(report, opts), "xml");
  },
};

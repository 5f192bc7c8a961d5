import { Serialize } from "@cyclonedx/cyclonedx-library";
import { CYCLONEDX_SPEC } from "../../inventory/shared/cyclonedx-bom.ts";
import { buildVdr } from "../shared/vex-cyclonedx.ts";
import type { ScanReporter } from "../types.ts";

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(CYCLONEDX_SPEC));

/** CycloneDX 1.6 JSON VDR: the affected packages as components and their vulnerabilities, with VEX analysis. */
export const cyclonedxJsonReporter: ScanReporter = {
  format: "cyclonedx-json",
  mediaType: "application/vnd.cyclonedx+json; version=1.6",
  fileExtension: ".cdx.json",
  description: "CycloneDX 1.6 JSON with vulnerabilities (a VDR; suppressed findings as not_affected analysis)",
  render(report, opts) {
    // sortLists off: components keep Bulwark's order, vulnerabilities the report's priority order.
    return `${serializer.serialize(buildVdr(report, opts), { sortLists: false, space: 2 })}\n`;
  },
};

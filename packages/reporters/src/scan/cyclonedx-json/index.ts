import { serializeBom } from "../../inventory/shared/cyclonedx-library.ts";
import { buildVdr } from "../shared/vex-cyclonedx.ts";
import type { ScanReporter } from "../types.ts";

/** CycloneDX 1.6 JSON VDR: the affected packages as components and their vulnerabilities, with VEX analysis. */
export const cyclonedxJsonReporter: ScanReporter = {
  format: "cyclonedx-json",
  mediaType: "application/vnd.cyclonedx+json; version=1.6",
  fileExtension: ".cdx.json",
  description: "CycloneDX 1.6 JSON with vulnerabilities (a VDR; suppressed findings as not_affected analysis)",
  readsRecords: true,
  render(report, opts) {
    return serializeBom(buildVdr(report, opts), "json");
  },
};

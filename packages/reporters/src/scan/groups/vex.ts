import { csafVexReporter } from "../csaf-vex/index.ts";
import { cyclonedxJsonReporter } from "../cyclonedx-json/index.ts";
import { cyclonedxXmlReporter } from "../cyclonedx-xml/index.ts";
import { openvexReporter } from "../openvex/index.ts";
import type { ScanReporter } from "../types.ts";

/** Scan reporters of this group: the CycloneDX VDR and the VEX documents. */
export const reporters: readonly ScanReporter[] = [
  cyclonedxJsonReporter,
  cyclonedxXmlReporter,
  openvexReporter,
  csafVexReporter,
];

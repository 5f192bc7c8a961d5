/** Scan reports: one folder per format, registered by group. */
export { SCAN_REPORTERS, scanReporterFor } from "./registry.ts";
export type { ScanFormat, ScanRenderOptions, ScanReporter } from "./types.ts";

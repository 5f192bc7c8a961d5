import { jsonReporter } from "../json/index.ts";
import { sarifReporter } from "../sarif/index.ts";
import type { ScanReporter } from "../types.ts";

/** Scan reporters of this group. */
export const reporters: readonly ScanReporter[] = [jsonReporter, sarifReporter];

import { htmlReporter } from "../html/index.ts";
import { markdownReporter } from "../markdown/index.ts";
import { tableReporter } from "../table/index.ts";
import type { ScanReporter } from "../types.ts";

/** Scan reporters of this group: the formats people read (terminal, PR comment, web page). */
export const reporters: readonly ScanReporter[] = [tableReporter, markdownReporter, htmlReporter];

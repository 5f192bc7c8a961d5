import type { ScanReporter } from "../types.ts";

/** Scan reporters of this group. */
export const reporters: readonly ScanReporter[] = [];

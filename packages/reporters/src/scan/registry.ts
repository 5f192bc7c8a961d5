import { reporters as human } from "./groups/human.ts";
import { reporters as machine } from "./groups/machine.ts";
import { reporters as vex } from "./groups/vex.ts";
import type { ScanReporter } from "./types.ts";

/** Every scan reporter, explicitly listed by group; a test checks disk == registry == docs. */
export const SCAN_REPORTERS: readonly ScanReporter[] = [...human, ...machine, ...vex];

/** The reporter for a `--format` value, if any. */
export function scanReporterFor(format: string): ScanReporter | undefined {
  return SCAN_REPORTERS.find((r) => r.format === format);
}

import type { MissionWellbeing } from "./types.ts";

/** Mission and Well-Being when the operator gives no `--mission`. */
export const DEFAULT_MISSION_WELLBEING: MissionWellbeing = "medium";

/**
 * Reads a `--mission low|medium|high` value (case-insensitive); absent → `medium`.
 * Returns `undefined` for anything else so the CLI can report a usage error.
 */
export function parseMissionWellbeing(value: string | undefined): MissionWellbeing | undefined {
  if (value === undefined) return DEFAULT_MISSION_WELLBEING;
  const lower = value.trim().toLowerCase();
  return lower === "low" || lower === "medium" || lower === "high" ? lower : undefined;
}

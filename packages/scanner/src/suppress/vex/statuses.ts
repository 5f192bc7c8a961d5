import type { VexStatus } from "./types.ts";

/** The statuses OpenVEX writes, which are also Bulwark's normalised statuses. */
export const VEX_STATUSES: readonly VexStatus[] = ["not_affected", "affected", "fixed", "under_investigation"];

/** True when `s` is one of {@link VEX_STATUSES}. */
export function isVexStatus(s: string): s is VexStatus {
  return (VEX_STATUSES as readonly string[]).includes(s);
}

/** CycloneDX `analysis.state` → normalised status (CycloneDX 1.4–1.6 `impactAnalysisState`). */
export const CYCLONEDX_STATES: Readonly<Record<string, VexStatus>> = {
  not_affected: "not_affected",
  false_positive: "not_affected",
  resolved: "fixed",
  resolved_with_pedigree: "fixed",
  exploitable: "affected",
  in_triage: "under_investigation",
};

/**
 * CSAF `product_status` group → normalised status. `recommended` names a version to move to, not a
 * statement about a vulnerable product, so it is not read.
 */
export const CSAF_PRODUCT_STATUSES: Readonly<Record<string, VexStatus>> = {
  known_not_affected: "not_affected",
  fixed: "fixed",
  first_fixed: "fixed",
  known_affected: "affected",
  first_affected: "affected",
  last_affected: "affected",
  under_investigation: "under_investigation",
};

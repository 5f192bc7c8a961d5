import { type ConfigSuppression, configSuppressionFor } from "./config/config-suppression.ts";
import type { BulwarkConfig } from "./config/types.ts";
import { suppressionFor, type VexSuppression } from "./match/suppression-for.ts";
import type { SuppressionFinding } from "./match/types.ts";
import type { VexStatement } from "./vex/types.ts";

/** The suppression decision for one finding, from `bulwark.yaml` and VEX together. */
export interface SuppressionDecision {
  readonly suppressed: boolean;
  /** What suppressed it: `config` (bulwark.yaml) or `vex`. */
  readonly source?: "config" | "vex";
  /** Why, in one line; for a finding that stays, what VEX said about it (if anything). */
  readonly reason: string;
  readonly config: ConfigSuppression;
  readonly vex: VexSuppression;
}

/**
 * Decide a finding's suppression: a `bulwark.yaml` rule (the operator's own decision) is checked first,
 * then VEX statements. A VEX `affected` statement does not override an operator's ignore rule.
 */
export function decideSuppression(
  finding: SuppressionFinding,
  config: BulwarkConfig,
  statements: readonly VexStatement[],
): SuppressionDecision {
  const byConfig = configSuppressionFor(finding, config);
  const byVex = suppressionFor(finding, statements);
  if (byConfig.suppressed)
    return { suppressed: true, source: "config", reason: byConfig.reason, config: byConfig, vex: byVex };
  if (byVex.suppressed) return { suppressed: true, source: "vex", reason: byVex.reason, config: byConfig, vex: byVex };
  return { suppressed: false, reason: byVex.reason, config: byConfig, vex: byVex };
}

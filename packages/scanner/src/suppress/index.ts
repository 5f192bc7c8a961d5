/** Suppression for `bulwark scan`: VEX documents, `bulwark.yaml` and the decision that combines them. */

export type { ConfigSuppression } from "./config/config-suppression.ts";
export { configSuppressionFor } from "./config/config-suppression.ts";
export type { LoadConfigOptions } from "./config/load-config.ts";
export { CONFIG_FILE_NAMES, loadConfig } from "./config/load-config.ts";
export type { ParseConfigOptions } from "./config/parse-config.ts";
export { parseConfig } from "./config/parse-config.ts";
export type { BulwarkConfig, ConfigWarning, FailOn, IgnoreRule, Mission, PackageOverride } from "./config/types.ts";
export { EMPTY_CONFIG, FAIL_ON_VALUES, MISSION_VALUES } from "./config/types.ts";
export type { SuppressionDecision } from "./decide.ts";
export { decideSuppression } from "./decide.ts";
export { productMatches } from "./match/product-match.ts";
export type { VexSuppression } from "./match/suppression-for.ts";
export { describeStatement, suppressionFor } from "./match/suppression-for.ts";
export type { SuppressionFinding } from "./match/types.ts";
export type { VexFormat, VexProduct, VexSource, VexStatement, VexStatus } from "./vex/index.ts";
export { loadVexFile, readVex, VEX_STATUSES } from "./vex/index.ts";

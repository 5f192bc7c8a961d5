import type { ScanReporter } from "../types.ts";
import { sarifLog } from "./log.ts";

/** `--format sarif`: SARIF 2.1.0 for GitHub code scanning, a rule per vulnerability and a result per finding and location. */
export const sarifReporter: ScanReporter = {
  format: "sarif",
  mediaType: "application/sarif+json",
  fileExtension: ".sarif",
  description: "SARIF 2.1.0 for GitHub code scanning: a rule per vulnerability, results located in the lockfile",
  readsRecords: true,
  render(report, opts) {
    return `${JSON.stringify(sarifLog(report, opts.showSuppressed), null, 2)}\n`;
  },
};

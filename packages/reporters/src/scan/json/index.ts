import type { ScanReporter } from "../types.ts";
import { scanDocumentChunks } from "./document.ts";

/** `--format json`: OSV-Scanner v2's JSON (results by source file, whole OSV records, alias groups) plus Bulwark's fields. */
export const jsonReporter: ScanReporter = {
  format: "json",
  mediaType: "application/json",
  fileExtension: ".json",
  description: "OSV-Scanner v2 JSON (results per source file, whole OSV records, groups) plus Bulwark's enrichment",
  readsRecords: "json",
  render(report, opts) {
    return [...scanDocumentChunks(report, opts.showSuppressed)].join("");
  },
  renderChunks(report, opts) {
    return scanDocumentChunks(report, opts.showSuppressed);
  },
};

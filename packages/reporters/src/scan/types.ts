import type { ScanReport } from "@bulwark/core";

/** The `--format` names of scan reports. */
export type ScanFormat =
  | "table"
  | "json"
  | "sarif"
  | "cyclonedx-json"
  | "cyclonedx-xml"
  | "openvex"
  | "csaf-vex"
  | "markdown"
  | "html";

/** How to render a scan report. */
export interface ScanRenderOptions {
  /** ANSI colour (a TTY without NO_COLOR). */
  readonly color: boolean;
  /** Terminal width for human formats. */
  readonly width: number;
  /** Include suppressed findings (with why) instead of only counting them. */
  readonly showSuppressed: boolean;
  /** The clock, for documents that carry a timestamp (defaults to the report's createdAt). */
  readonly now?: Date;
  /** Unique ids for documents that need one (serial numbers); default crypto.randomUUID. */
  readonly uuid?: () => string;
}

/** Renders a {@link ScanReport} in one format. One folder per format under `scan/`. */
export interface ScanReporter {
  readonly format: ScanFormat;
  readonly mediaType: string;
  readonly fileExtension: string;
  /** One line for docs and `--help`. */
  readonly description: string;
  /**
   * Whether it reads whole OSV records: `true` parsed (`ScanReport.vulnerabilities`), `"json"`
   * only their text (`ScanReport.recordJson`, else it stringifies the parsed ones),
   * `false` none (it reads only findings), so a scan for it skips loading records.
   */
  readonly readsRecords: boolean | "json";
  render(report: ScanReport, opts: ScanRenderOptions): string;
  /**
   * The same document as {@link render}, in pieces to write one after another: for reports
   * that can outgrow one string (a JSON report embeds whole records per package).
   */
  renderChunks?(report: ScanReport, opts: ScanRenderOptions): Iterable<string>;
}

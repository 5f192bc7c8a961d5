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
  render(report: ScanReport, opts: ScanRenderOptions): string;
}

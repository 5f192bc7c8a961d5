import type { ScanReport } from "@bulwark/core";
import { humanView, summaryLine } from "../shared/human-findings.ts";
import { cleanText, wrap } from "../shared/human-text.ts";
import type { ScanRenderOptions, ScanReporter } from "../types.ts";
import { paintFor } from "./ansi.ts";
import { activeBlocks, notesSection, suppressedSection, undeterminedSection } from "./sections.ts";

/** Narrowest layout the table supports; narrower widths are treated as this. */
const MIN_WIDTH = 20;
/** Width used when the caller has none (not a terminal, or a nonsense value). */
const DEFAULT_WIDTH = 80;

function usableWidth(width: number): number {
  if (!Number.isFinite(width) || width <= 0) return DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, Math.floor(width));
}

/**
 * The table's blocks, separated by blank lines: one per package with active findings, then the
 * undetermined, suppressed, input-problem and staleness sections, then the summary line.
 */
function* tableBlocks(report: ScanReport, opts: ScanRenderOptions): Generator<string[]> {
  const width = usableWidth(opts.width);
  const paint = paintFor(opts.color);
  const view = humanView(report);
  yield* activeBlocks(report, view, width, paint);
  yield undeterminedSection(report, view, width, paint);
  yield suppressedSection(report, view, width, paint, opts.showSuppressed);
  yield notesSection(report, width, paint);
  if (report.database.stale) {
    yield wrap(
      cleanText(
        `warning: the advisory database is stale (last update ${report.database.lastUpdate ?? "unknown"}); run bulwark db update`,
      ),
      width,
    );
  }
  yield wrap(summaryLine(view), width).map((l) => paint.bold(l));
}

function* tableChunks(report: ScanReport, opts: ScanRenderOptions): Generator<string> {
  let first = true;
  for (const block of tableBlocks(report, opts)) {
    if (block.length === 0) continue;
    yield `${first ? "" : "\n"}${block.join("\n")}\n`;
    first = false;
  }
}

/** The terminal report: findings grouped by package, most urgent first, then what was left out, then a summary line. */
export const tableReporter: ScanReporter = {
  format: "table",
  mediaType: "text/plain",
  fileExtension: ".txt",
  description: "terminal table grouped by package, most urgent first, width-aware, colour on a TTY",
  readsRecords: false,
  render(report, opts) {
    return [...tableChunks(report, opts)].join("");
  },
  renderChunks: tableChunks,
};

import { humanView, summaryLine } from "../shared/human-findings.ts";
import { cleanText, wrap } from "../shared/human-text.ts";
import type { ScanReporter } from "../types.ts";
import { paintFor } from "./ansi.ts";
import { activeSection, notesSection, suppressedSection, undeterminedSection } from "./sections.ts";

/** Narrowest layout the table supports; narrower widths are treated as this. */
const MIN_WIDTH = 20;
/** Width used when the caller has none (not a terminal, or a nonsense value). */
const DEFAULT_WIDTH = 80;

function usableWidth(width: number): number {
  if (!Number.isFinite(width) || width <= 0) return DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, Math.floor(width));
}

/** The terminal report: findings grouped by package, most urgent first, then what was left out, then a summary line. */
export const tableReporter: ScanReporter = {
  format: "table",
  mediaType: "text/plain",
  fileExtension: ".txt",
  description: "terminal table grouped by package, most urgent first, width-aware, colour on a TTY",
  render(report, opts) {
    const width = usableWidth(opts.width);
    const paint = paintFor(opts.color);
    const view = humanView(report);
    const sections = [
      activeSection(report, view, width, paint),
      undeterminedSection(report, view, width, paint),
      suppressedSection(report, view, width, paint, opts.showSuppressed),
      notesSection(report, width, paint),
      report.database.stale
        ? wrap(
            cleanText(
              `warning: the advisory database is stale (last update ${report.database.lastUpdate ?? "unknown"}); run bulwark db update`,
            ),
            width,
          )
        : [],
      wrap(summaryLine(view), width).map((l) => paint.bold(l)),
    ].filter((s) => s.length > 0);
    return `${sections.map((s) => s.join("\n")).join("\n\n")}\n`;
  },
};

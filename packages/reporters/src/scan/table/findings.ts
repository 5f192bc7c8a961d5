import type { Finding, ScanReport } from "@bulwark/core";
import { deadlineLabel, epssLabel, findingSummary, fixedLabel, severityLabel } from "../shared/human-findings.ts";
import { displayWidth, padEnd, truncate } from "../shared/human-text.ts";
import type { Paint } from "./ansi.ts";
import { packParts } from "./pack.ts";

const INDENT = "  ";
const GAP = "  ";
const MISSING = "-";
/** Below this many columns for the summary, the table switches to one block per finding. */
const MIN_SUMMARY = 16;

interface Column {
  readonly title: string;
  /** Longest value shown before truncation; keeps one odd value from squeezing the summary. */
  readonly max: number;
  value(f: Finding): string;
  paint?(f: Finding, p: Paint, text: string): string;
}

const COLUMNS: readonly Column[] = [
  { title: "ID", max: 24, value: (f) => f.id },
  {
    title: "SEVERITY",
    max: 13,
    value: severityLabel,
    paint: (f, p, t) => p.severity(f.severity.level, t),
  },
  { title: "KEV", max: 3, value: (f) => (f.kev !== undefined ? "KEV" : ""), paint: (_f, p, t) => p.kev(t) },
  { title: "EPSS", max: 6, value: (f) => epssLabel(f) ?? MISSING },
  { title: "SSVC", max: 6, value: (f) => f.ssvc?.decision ?? MISSING },
  { title: "DEADLINE", max: 12, value: (f) => deadlineLabel(f) ?? MISSING },
  { title: "FIXED IN", max: 16, value: (f) => fixedLabel(f) ?? MISSING },
];

/** How the active findings are laid out: fixed column widths, or `undefined` for one block per finding. */
export type FindingLayout = readonly number[] | undefined;

/** Column widths that fit every finding of the report in `width`, or undefined when the terminal is too narrow. */
export function chooseLayout(findings: readonly Finding[], width: number): FindingLayout {
  const widths = COLUMNS.map((c) => {
    let w = displayWidth(c.title);
    for (const f of findings) {
      if (w >= c.max) break;
      w = Math.max(w, displayWidth(c.value(f)));
    }
    return Math.min(c.max, w);
  });
  const used = INDENT.length + widths.reduce((a, b) => a + b, 0) + GAP.length * widths.length;
  return used + MIN_SUMMARY <= width ? widths : undefined;
}

function summaryWidth(widths: readonly number[], width: number): number {
  return width - INDENT.length - widths.reduce((a, b) => a + b, 0) - GAP.length * widths.length;
}

/** The header row of the wide layout. */
export function headerRow(widths: readonly number[], width: number, paint: Paint): string {
  const cells = COLUMNS.map((c, i) => padEnd(c.title, widths[i] ?? 0));
  return paint.dim(`${INDENT}${cells.join(GAP)}${GAP}${truncate("SUMMARY", summaryWidth(widths, width))}`);
}

/** One row of the wide layout; cells are truncated to their column, the summary to what is left. */
export function wideRow(
  report: ScanReport,
  f: Finding,
  widths: readonly number[],
  width: number,
  paint: Paint,
): string {
  // A report can have a hundred thousand rows: one pass per cell, no intermediate arrays.
  let line = INDENT;
  for (let i = 0; i < COLUMNS.length; i++) {
    const c = COLUMNS[i] as Column;
    const w = widths[i] ?? 0;
    let text = c.value(f);
    let used = displayWidth(text);
    if (used > w) {
      text = truncate(text, w);
      used = displayWidth(text);
    }
    line += (c.paint !== undefined ? c.paint(f, paint, text) : text) + " ".repeat(Math.max(0, w - used)) + GAP;
  }
  return (line + truncate(findingSummary(report, f), summaryWidth(widths, width))).trimEnd();
}

/** One finding as a block for narrow terminals: id, severity, KEV; then the facts; then the summary. */
export function stackedRows(report: ScanReport, f: Finding, width: number, paint: Paint): string[] {
  const facts = [
    epssLabel(f) !== undefined ? `EPSS ${epssLabel(f)}` : "",
    f.ssvc !== undefined ? `SSVC ${f.ssvc.decision}` : "",
    deadlineLabel(f) !== undefined ? `due ${deadlineLabel(f)}` : "",
    `fixed in ${fixedLabel(f) ?? MISSING}`,
  ];
  const summary = findingSummary(report, f);
  return [
    ...packParts(
      [
        { text: f.id },
        { text: severityLabel(f), paint: (t) => paint.severity(f.severity.level, t) },
        { text: f.kev !== undefined ? "KEV" : "", paint: paint.kev },
      ],
      width,
      INDENT,
    ),
    ...packParts(
      facts.map((text) => ({ text })),
      width,
      INDENT + INDENT,
    ),
    ...(summary !== "" ? [INDENT + INDENT + truncate(summary, width - 2 * INDENT.length)] : []),
  ];
}

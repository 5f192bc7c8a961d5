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
  paint?(f: Finding, p: Paint): (text: string) => string;
}

const COLUMNS: readonly Column[] = [
  { title: "ID", max: 24, value: (f) => f.id },
  {
    title: "SEVERITY",
    max: 13,
    value: severityLabel,
    paint: (f, p) => (t) => p.severity(f.severity.level, t),
  },
  { title: "KEV", max: 3, value: (f) => (f.kev !== undefined ? "KEV" : ""), paint: (_f, p) => p.kev },
  { title: "EPSS", max: 6, value: (f) => epssLabel(f) ?? MISSING },
  { title: "SSVC", max: 6, value: (f) => f.ssvc?.decision ?? MISSING },
  { title: "DEADLINE", max: 12, value: (f) => deadlineLabel(f) ?? MISSING },
  { title: "FIXED IN", max: 16, value: (f) => fixedLabel(f) ?? MISSING },
];

/** How the active findings are laid out: fixed column widths, or `undefined` for one block per finding. */
export type FindingLayout = readonly number[] | undefined;

/** Column widths that fit every finding of the report in `width`, or undefined when the terminal is too narrow. */
export function chooseLayout(findings: readonly Finding[], width: number): FindingLayout {
  const widths = COLUMNS.map((c) =>
    Math.min(c.max, Math.max(displayWidth(c.title), ...findings.map((f) => displayWidth(c.value(f))))),
  );
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
  const cells = COLUMNS.map((c, i) => {
    const w = widths[i] ?? 0;
    const text = truncate(c.value(f), w);
    const styled = c.paint !== undefined ? c.paint(f, paint)(text) : text;
    return styled + " ".repeat(Math.max(0, w - displayWidth(text)));
  });
  const summary = truncate(findingSummary(report, f), summaryWidth(widths, width));
  return `${INDENT}${cells.join(GAP)}${GAP}${summary}`.trimEnd();
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

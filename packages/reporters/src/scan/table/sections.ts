import type { ScanReport } from "@bulwark/core";
import {
  findingSummary,
  fixedLabel,
  type HumanView,
  locationLabel,
  type PackageGroup,
  packageLabel,
  remediationLabel,
  severityLabel,
  suppressionLabel,
} from "../shared/human-findings.ts";
import { cleanText, truncate, wrap } from "../shared/human-text.ts";
import type { Paint } from "./ansi.ts";
import { chooseLayout, headerRow, stackedRows, wideRow } from "./findings.ts";
import { packParts } from "./pack.ts";

function packageHeader(group: PackageGroup, width: number, paint: Paint, withRemediation: boolean): string[] {
  const remediation = withRemediation ? remediationLabel(group) : undefined;
  return packParts(
    [
      { text: packageLabel(group.pkg), paint: paint.bold },
      { text: locationLabel(group.pkg) ?? "" },
      { text: remediation ?? "", paint: remediation?.includes("major") ? paint.kev : undefined },
    ],
    width,
  );
}

/**
 * One block of lines per package of the affected, unsuppressed findings, in one column layout
 * for the whole report; blocks come one at a time so a large report is written as it is made.
 */
export function* activeBlocks(report: ScanReport, view: HumanView, width: number, paint: Paint): Generator<string[]> {
  const layout = chooseLayout(
    view.active.flatMap((g) => g.findings),
    width,
  );
  for (const group of view.active) {
    const lines = packageHeader(group, width, paint, true);
    if (layout !== undefined) lines.push(headerRow(layout, width, paint));
    for (const f of group.findings) {
      if (layout !== undefined) lines.push(wideRow(report, f, layout, width, paint));
      else lines.push(...stackedRows(report, f, width, paint));
    }
    yield lines;
  }
}

function indented(text: string, width: number, indent: string): string[] {
  return wrap(text, Math.max(1, width - indent.length)).map((l) => indent + l);
}

// Undetermined and suppressed findings are few and need their "why", so they are always blocks.
function explainedSection(
  report: ScanReport,
  title: string,
  groups: readonly PackageGroup[],
  why: (f: PackageGroup["findings"][number]) => string,
  width: number,
  paint: Paint,
): string[] {
  const lines = wrap(title, width).map((l) => paint.bold(l));
  for (const group of groups) {
    lines.push(
      ...packParts([{ text: packageLabel(group.pkg) }, { text: locationLabel(group.pkg) ?? "" }], width, "  "),
    );
    for (const f of group.findings) {
      const fixed = fixedLabel(f);
      lines.push(
        ...packParts(
          [
            { text: f.id },
            { text: severityLabel(f), paint: (t) => paint.severity(f.severity.level, t) },
            { text: fixed !== undefined ? `fixed in ${fixed}` : "" },
          ],
          width,
          "    ",
        ),
      );
      const summary = findingSummary(report, f);
      if (summary !== "") lines.push(`      ${truncate(summary, width - 6)}`);
      lines.push(...indented(why(f), width, "      "));
    }
  }
  return lines;
}

/** Findings whose affectedness could not be judged, each with the reason. */
export function undeterminedSection(report: ScanReport, view: HumanView, width: number, paint: Paint): string[] {
  if (view.undetermined.length === 0) return [];
  const title = `Undetermined (${view.counts.undetermined}): could not tell whether the installed version is affected`;
  return explainedSection(
    report,
    title,
    view.undetermined,
    (f) => `reason: ${cleanText(f.reason ?? "not given")}`,
    width,
    paint,
  );
}

/** Suppressed findings with why, or one line counting them when they are not shown. */
export function suppressedSection(
  report: ScanReport,
  view: HumanView,
  width: number,
  paint: Paint,
  show: boolean,
): string[] {
  const n = view.counts.suppressed;
  if (n === 0) return [];
  if (!show) {
    return indented(
      `${n} suppressed ${n === 1 ? "finding" : "findings"} not shown (--show-suppressed lists them)`,
      width,
      "",
    );
  }
  return explainedSection(
    report,
    `Suppressed (${n})`,
    view.suppressed,
    (f) => `suppressed: ${f.suppressed !== undefined ? suppressionLabel(f.suppressed) : ""}`,
    width,
    paint,
  );
}

/** Problems with input files, so a skipped lockfile is not mistaken for a clean one. */
export function notesSection(report: ScanReport, width: number, paint: Paint): string[] {
  if (report.notes.length === 0) return [];
  const lines = wrap(`Input problems (${report.notes.length})`, width).map((l) => paint.bold(l));
  for (const note of report.notes) {
    const where = note.line !== undefined && note.line > 0 ? `${note.path}:${note.line}` : note.path;
    lines.push(...indented(cleanText(`${where} ${note.code}: ${note.message}`), width, "  "));
  }
  return lines;
}

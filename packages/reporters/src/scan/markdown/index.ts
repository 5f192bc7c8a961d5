import type { Finding, ScanReport } from "@bulwark/core";
import {
  findingSummary,
  fixedLabel,
  humanView,
  osvUrl,
  type PackageGroup,
  severityLabel,
  sortedFindings,
  summaryLine,
  suppressionLabel,
} from "../shared/human-findings.ts";
import { truncate } from "../shared/human-text.ts";
import type { ScanReporter } from "../types.ts";
import { CommentBudget } from "./budget.ts";
import { markdownText } from "./escape.ts";

/** Long summaries would crowd out rows under the comment limit. */
const SUMMARY_CHARS = 120;

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function tableHead(titles: readonly string[]): string {
  return `${row(titles)}\n${row(titles.map(() => "---"))}`;
}

function idCell(f: Finding): string {
  return `[${markdownText(f.id)}](${osvUrl(f)})`;
}

function findingCells(report: ScanReport, f: Finding): string[] {
  const pkg = report.packages[f.packageIndex];
  return [
    idCell(f),
    markdownText(pkg !== undefined ? `${pkg.name} (${pkg.ecosystem})` : "?"),
    markdownText(pkg?.version ?? "?"),
    markdownText(severityLabel(f)),
  ];
}

function flatten(groups: readonly PackageGroup[]): Finding[] {
  return sortedFindings(groups.flatMap((g) => g.findings));
}

function omittedNote(omitted: number): string {
  return omitted === 0
    ? ""
    : `\n\n… ${omitted} more not shown: GitHub comments are limited to 65,536 characters. The \`html\` or \`json\` report lists every finding.`;
}

function details(title: string, body: string): string {
  return `<details>\n<summary>${title}</summary>\n\n${body}\n\n</details>`;
}

/** Pull-request comment: heading, summary line, one table sorted by priority, details for the rest. */
export const markdownReporter: ScanReporter = {
  format: "markdown",
  mediaType: "text/markdown",
  fileExtension: ".md",
  description: "GitHub-flavoured markdown for pull-request comments, kept under the 65,536-character limit",
  readsRecords: false,
  render(report, opts) {
    const view = humanView(report);
    const c = view.counts;
    const heading =
      c.vulnerabilities === 0
        ? "## Bulwark scan: no known vulnerabilities"
        : `## Bulwark scan: ${c.vulnerabilities} ${c.vulnerabilities === 1 ? "vulnerability" : "vulnerabilities"}`;
    const footer = `<sub>${markdownText(`${report.tool.name} ${report.tool.version}`)}, advisories updated ${markdownText(report.database.lastUpdate ?? "never")}${report.database.stale ? " (stale)" : ""}</sub>`;
    const activeHead = tableHead([
      "Vulnerability",
      "Package",
      "Version",
      "Fixed in",
      "Severity",
      "KEV",
      "SSVC",
      "Summary",
    ]);
    const undeterminedHead = tableHead(["Vulnerability", "Package", "Version", "Severity", "Reason"]);
    const suppressedHead = tableHead(["Vulnerability", "Package", "Version", "Severity", "Why"]);
    const notesHead = tableHead(["File", "Code", "Problem"]);
    const budget = new CommentBudget(
      [heading, summaryLine(view), footer, activeHead, undeterminedHead, suppressedHead, notesHead].join("\n"),
    );

    const active = budget.take(
      flatten(view.active).map((f) => {
        const [id, pkg, version, severity] = findingCells(report, f);
        return row([
          id!,
          pkg!,
          version!,
          markdownText(fixedLabel(f) ?? "none"),
          severity!,
          f.kev !== undefined ? "**KEV**" : "",
          markdownText(f.ssvc?.decision ?? ""),
          markdownText(truncate(findingSummary(report, f), SUMMARY_CHARS)),
        ]);
      }),
    );
    const undetermined = budget.take(
      flatten(view.undetermined).map((f) => row([...findingCells(report, f), markdownText(f.reason ?? "not given")])),
    );
    const suppressed = opts.showSuppressed
      ? budget.take(
          flatten(view.suppressed).map((f) =>
            row([...findingCells(report, f), f.suppressed ? markdownText(suppressionLabel(f.suppressed)) : ""]),
          ),
        )
      : undefined;
    const notes = budget.take(
      report.notes.map((n) =>
        row([
          markdownText(n.line !== undefined && n.line > 0 ? `${n.path}:${n.line}` : n.path),
          `\`${n.code}\``,
          markdownText(n.message),
        ]),
      ),
    );

    const parts = [heading, summaryLine(view)];
    if (active.kept.length > 0 || active.omitted > 0) {
      parts.push(`${activeHead}\n${active.kept.join("\n")}${omittedNote(active.omitted)}`);
    }
    if (c.undetermined > 0) {
      parts.push(
        details(
          `${c.undetermined} undetermined`,
          `Bulwark could not tell whether these versions are affected.\n\n${undeterminedHead}\n${undetermined.kept.join("\n")}${omittedNote(undetermined.omitted)}`,
        ),
      );
    }
    if (c.suppressed > 0) {
      parts.push(
        details(
          `${c.suppressed} suppressed`,
          suppressed === undefined
            ? "Not listed: run with `--show-suppressed` to list them with the reason."
            : `${suppressedHead}\n${suppressed.kept.join("\n")}${omittedNote(suppressed.omitted)}`,
        ),
      );
    }
    if (report.notes.length > 0) {
      parts.push(
        details(
          `${report.notes.length} input ${report.notes.length === 1 ? "problem" : "problems"}`,
          `${notesHead}\n${notes.kept.join("\n")}${omittedNote(notes.omitted)}`,
        ),
      );
    }
    parts.push(footer);
    return `${parts.join("\n\n")}\n`;
  },
};

import type { ScanReport } from "@bulwark/core";
import {
  type HumanView,
  humanView,
  packageLabel,
  remediationLabel,
  sortedFindings,
  summaryLine,
} from "../shared/human-findings.ts";
import { cleanText } from "../shared/human-text.ts";
import type { ScanReporter } from "../types.ts";
import { CONTENT_SECURITY_POLICY, SCRIPT, STYLE } from "./assets.ts";
import { severityChart } from "./chart.ts";
import { escapeHtml } from "./escape.ts";
import { FINDING_COLUMNS, findingsTable, SUPPRESSED_COLUMNS, severityOptions, UNDETERMINED_COLUMNS } from "./tables.ts";

const text = (s: string) => escapeHtml(cleanText(s));

function findingsSection(report: ScanReport, view: HumanView): string {
  const findings = sortedFindings(view.active.flatMap((g) => g.findings));
  if (findings.length === 0) return `<section>\n<h2>Findings</h2>\n<p>No known vulnerabilities.</p>\n</section>`;
  return [
    "<section>",
    "<h2>Findings</h2>",
    `<div class="controls"><label>Filter <input type="search" id="filter-text" placeholder="id, package, text…"></label>`,
    `<label>Severity <select id="filter-severity">${severityOptions(view.counts.bySeverity)}</select></label>`,
    `<span id="filter-count" class="muted" aria-live="polite">${findings.length} of ${findings.length} shown</span></div>`,
    findingsTable(report, findings, FINDING_COLUMNS, true, "findings"),
    "</section>",
  ].join("\n");
}

function upgradesSection(view: HumanView): string {
  const items = view.active.flatMap((g) => {
    const label = remediationLabel(g);
    return label !== undefined ? [`<li>${text(packageLabel(g.pkg))}: ${text(label)}</li>`] : [];
  });
  if (items.length === 0) return "";
  return `<section>\n<h2>Upgrades</h2>\n<ul>\n${items.join("\n")}\n</ul>\n</section>`;
}

function undeterminedSection(report: ScanReport, view: HumanView): string {
  if (view.counts.undetermined === 0) return "";
  const findings = sortedFindings(view.undetermined.flatMap((g) => g.findings));
  return [
    "<section>",
    `<h2>Undetermined (${view.counts.undetermined})</h2>`,
    `<p class="muted">Bulwark could not tell whether these versions are affected.</p>`,
    findingsTable(report, findings, UNDETERMINED_COLUMNS, false),
    "</section>",
  ].join("\n");
}

function suppressedSection(report: ScanReport, view: HumanView, show: boolean): string {
  const n = view.counts.suppressed;
  if (n === 0) return "";
  const body = show
    ? findingsTable(report, sortedFindings(view.suppressed.flatMap((g) => g.findings)), SUPPRESSED_COLUMNS, false)
    : `<p class="muted">Not listed: run with <code>--show-suppressed</code> to list them with the reason.</p>`;
  return `<section>\n<h2>Suppressed (${n})</h2>\n${body}\n</section>`;
}

function notesSection(report: ScanReport): string {
  if (report.notes.length === 0) return "";
  const items = report.notes.map((n) => {
    const where = n.line !== undefined && n.line > 0 ? `${n.path}:${n.line}` : n.path;
    return `<li><code>${text(n.code)}</code> ${text(where)}: ${text(n.message)}</li>`;
  });
  return `<section>\n<h2>Input problems (${report.notes.length})</h2>\n<ul>\n${items.join("\n")}\n</ul>\n</section>`;
}

function metaLine(report: ScanReport): string {
  const sources = report.sources.map((s) => s.path).join(", ") || "nothing";
  const db = report.database.lastUpdate ?? "never";
  const stale = report.database.stale ? " (stale)" : "";
  return text(
    `Scanned ${sources} at ${report.createdAt} with ${report.tool.name} ${report.tool.version}; advisories updated ${db}${stale}.`,
  );
}

/** One self-contained page: summary, severity chart, sortable and filterable findings, the rest below. */
export const htmlReporter: ScanReporter = {
  format: "html",
  mediaType: "text/html",
  fileExtension: ".html",
  description: "one self-contained HTML page with a severity chart and a sortable, filterable table",
  readsRecords: false,
  render(report, opts) {
    const view = humanView(report);
    const body = [
      `<header>\n<h1>Bulwark scan report</h1>\n<p class="summary">${text(summaryLine(view))}</p>\n<p class="meta">${metaLine(report)}</p>\n</header>`,
      `<section>\n<h2>Vulnerabilities by severity</h2>\n${severityChart(view.counts.bySeverity)}\n</section>`,
      findingsSection(report, view),
      upgradesSection(view),
      undeterminedSection(report, view),
      suppressedSection(report, view, opts.showSuppressed),
      notesSection(report),
    ].filter((s) => s !== "");
    return [
      "<!DOCTYPE html>",
      `<html lang="en">`,
      "<head>",
      `<meta charset="utf-8">`,
      `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`,
      `<meta name="referrer" content="no-referrer">`,
      `<meta name="viewport" content="width=device-width, initial-scale=1">`,
      "<title>Bulwark scan report</title>",
      `<style>${STYLE}</style>`,
      "</head>",
      "<body>",
      ...body,
      `<script>${SCRIPT}</script>`,
      "</body>",
      "</html>",
      "",
    ].join("\n");
  },
};

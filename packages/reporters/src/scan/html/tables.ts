import type { Finding, ScanReport, SsvcDecision } from "@bulwark/core";
import {
  deadlineLabel,
  epssLabel,
  findingSummary,
  fixedLabel,
  locationLabel,
  osvUrl,
  SEVERITY_ORDER,
  severityLabel,
  severityRank,
  suppressionLabel,
} from "../shared/human-findings.ts";
import { cleanText } from "../shared/human-text.ts";
import { escapeHtml } from "./escape.ts";

const SSVC_RANK: Readonly<Record<SsvcDecision, number>> = { Act: 4, Attend: 3, "Track*": 2, Track: 1 };

/** A table column: its title, whether it sorts as a number, and the cell of a finding. */
interface Column {
  readonly title: string;
  readonly numeric?: boolean;
  cell(report: ScanReport, f: Finding, order: number): string;
}

function td(content: string, attrs: Record<string, string | number> = {}): string {
  const rendered = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
    .join("");
  return `<td${rendered}>${content}</td>`;
}

const text = (s: string | undefined) => escapeHtml(cleanText(s ?? ""));

const idColumn: Column = {
  title: "ID",
  cell: (_r, f) => {
    const others = f.aliases.filter((a) => a !== f.id);
    const aka = others.length > 0 ? `<br><span class="muted">${text(others.join(", "))}</span>` : "";
    return td(`<a href="${escapeHtml(osvUrl(f))}" rel="noopener noreferrer">${text(f.id)}</a>${aka}`, {
      "data-sort": f.id,
    });
  },
};

const packageColumns: readonly Column[] = [
  { title: "Package", cell: (r, f) => td(text(`${r.packages[f.packageIndex]?.name ?? "?"}`)) },
  { title: "Ecosystem", cell: (r, f) => td(text(r.packages[f.packageIndex]?.ecosystem ?? "?")) },
  { title: "Version", cell: (r, f) => td(text(r.packages[f.packageIndex]?.version ?? "?"), { class: "nowrap" }) },
  {
    title: "Location",
    cell: (r, f) => {
      const pkg = r.packages[f.packageIndex];
      return td(text(pkg !== undefined ? locationLabel(pkg) : undefined));
    },
  },
];

const severityColumn: Column = {
  title: "Severity",
  numeric: true,
  cell: (_r, f) =>
    td(text(severityLabel(f)), {
      class: `sev sev-${f.severity.level}`,
      "data-sort": severityRank(f.severity.level) * 100 + (f.severity.score ?? 0),
    }),
};

const fixedColumn: Column = { title: "Fixed in", cell: (_r, f) => td(text(fixedLabel(f) ?? "none")) };
const summaryColumn: Column = { title: "Summary", cell: (r, f) => td(text(findingSummary(r, f))) };

/** Columns of the main, sortable findings table. */
export const FINDING_COLUMNS: readonly Column[] = [
  { title: "#", numeric: true, cell: (_r, _f, order) => td(String(order + 1), { class: "num" }) },
  idColumn,
  ...packageColumns,
  severityColumn,
  {
    title: "KEV",
    numeric: true,
    cell: (_r, f) =>
      f.kev !== undefined
        ? td(`<span class="kev">KEV</span>`, {
            "data-sort": 1,
            title: `added ${f.kev.dateAdded}, due ${f.kev.dueDate}`,
          })
        : td("", { "data-sort": 0 }),
  },
  {
    title: "EPSS",
    numeric: true,
    cell: (_r, f) => td(text(epssLabel(f)), { class: "num", "data-sort": f.epss?.probability ?? -1 }),
  },
  {
    title: "SSVC",
    numeric: true,
    cell: (_r, f) => td(text(f.ssvc?.decision), { "data-sort": f.ssvc !== undefined ? SSVC_RANK[f.ssvc.decision] : 0 }),
  },
  {
    title: "Deadline",
    cell: (_r, f) =>
      td(text(deadlineLabel(f)), {
        class: "nowrap",
        // Findings without a deadline sort after every date.
        "data-sort": f.deadline?.dueDate ?? (f.deadline !== undefined ? `~${f.deadline.label}` : "~~"),
        title: f.deadline !== undefined ? cleanText(`${f.deadline.policy}: ${f.deadline.label}`) : "",
      }),
  },
  fixedColumn,
  summaryColumn,
];

/** Columns of the undetermined findings table. */
export const UNDETERMINED_COLUMNS: readonly Column[] = [
  idColumn,
  ...packageColumns,
  severityColumn,
  fixedColumn,
  summaryColumn,
  { title: "Reason", cell: (_r, f) => td(text(f.reason ?? "not given")) },
];

/** Columns of the suppressed findings table. */
export const SUPPRESSED_COLUMNS: readonly Column[] = [
  idColumn,
  ...packageColumns,
  severityColumn,
  summaryColumn,
  {
    title: "Why suppressed",
    cell: (_r, f) => td(text(f.suppressed !== undefined ? suppressionLabel(f.suppressed) : "")),
  },
];

/** A table of findings; with `sortable`, header buttons and the row attributes the script sorts and filters on. */
export function findingsTable(
  report: ScanReport,
  findings: readonly Finding[],
  columns: readonly Column[],
  sortable: boolean,
  id?: string,
): string {
  const head = columns
    .map((c) => {
      const type = c.numeric === true ? ` data-type="number"` : "";
      return sortable
        ? `<th scope="col"${type}><button type="button">${escapeHtml(c.title)}</button></th>`
        : `<th scope="col">${escapeHtml(c.title)}</th>`;
    })
    .join("");
  const rows = findings.map((f, order) => {
    const cells = columns.map((c) => c.cell(report, f, order)).join("");
    return `<tr data-severity="${f.severity.level}" data-order="${order}">${cells}</tr>`;
  });
  const idAttr = id !== undefined ? ` id="${escapeHtml(id)}"` : "";
  return `<table${idAttr}>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table>`;
}

/** The severity filter's options, with how many findings each has. */
export function severityOptions(counts: Readonly<Record<string, number>>): string {
  const options = SEVERITY_ORDER.filter((s) => (counts[s] ?? 0) > 0).map(
    (s) => `<option value="${s}">${s} (${counts[s]})</option>`,
  );
  return [`<option value="">all severities</option>`, ...options].join("");
}

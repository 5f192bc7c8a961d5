import { createHash } from "node:crypto";

// The page's only stylesheet and script. They are constants, never built from report data, so
// their hashes are fixed and the Content-Security-Policy can allow exactly these two blocks.

/** The stylesheet of the report (light and dark). */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; --stripe: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --stripe: #151b23; } }
body { font: 14px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 1400px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.summary { font-size: 1.05rem; font-weight: 600; } .meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
tbody tr:nth-child(even) { background: var(--stripe); }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; } th[aria-sort="descending"] button::after { content: " \\25BC"; }
.controls { display: flex; gap: 1rem; align-items: center; margin: .5rem 0; flex-wrap: wrap; }
.controls input, .controls select { font: inherit; padding: .2rem .4rem; }
.num { text-align: right; white-space: nowrap; } .nowrap { white-space: nowrap; }
.kev { font-weight: 700; color: #cf222e; }
.sev { font-weight: 600; white-space: nowrap; }
.sev-critical { color: #a0111f; fill: #a0111f; } .sev-high { color: #cf222e; fill: #cf222e; } .sev-medium { color: #9a6700; fill: #d4a72c; }
.sev-low { color: #0969da; fill: #0969da; } .sev-none, .sev-unknown { color: var(--muted); fill: #818b98; }
.chart-label, .chart-count { fill: var(--fg); font-size: 13px; }
`;

/** Sorting (click a header) and filtering (text and severity) of the findings table; the table works without it. */
export const SCRIPT = `
(() => {
  const table = document.getElementById("findings");
  if (!table) return;
  const body = table.tBodies[0];
  const headers = Array.from(table.tHead.rows[0].cells);
  const text = document.getElementById("filter-text");
  const severity = document.getElementById("filter-severity");
  const count = document.getElementById("filter-count");
  const apply = () => {
    const query = text.value.trim().toLowerCase();
    let shown = 0;
    for (const row of body.rows) {
      const ok = (severity.value === "" || row.dataset.severity === severity.value) &&
        row.textContent.toLowerCase().includes(query);
      row.hidden = !ok;
      if (ok) shown += 1;
    }
    count.textContent = shown + " of " + body.rows.length + " shown";
  };
  const key = (row, index) => {
    const cell = row.cells[index];
    return cell.dataset.sort ?? cell.textContent.trim();
  };
  headers.forEach((th, index) => {
    const button = th.querySelector("button");
    if (!button) return;
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      for (const h of headers) h.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const numeric = th.dataset.type === "number";
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = key(a, index);
        const y = key(b, index);
        const d = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return (ascending ? d : -d) || Number(a.dataset.order) - Number(b.dataset.order);
      });
      for (const row of rows) body.appendChild(row);
    });
  });
  text.addEventListener("input", apply);
  severity.addEventListener("change", apply);
  apply();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * Nothing may load from anywhere (`default-src 'none'`); the one inline script and the one inline
 * stylesheet run because their hashes match. A nonce would be pointless in a static file (anyone
 * reading the file sees it) and would make the output differ run to run.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

import type { Severity } from "@bulwark/core";
import { SEVERITY_ORDER } from "../shared/human-findings.ts";

const LABEL_WIDTH = 80;
const BAR_WIDTH = 320;
const ROW_HEIGHT = 26;
const BAR_HEIGHT = 18;

/**
 * A horizontal bar chart of counts by severity as inline SVG (no script, no external resource),
 * coloured by the stylesheet's `sev-*` classes. Bars scale to the largest count; a non-zero count
 * always gets a visible bar.
 */
export function severityChart(counts: Readonly<Record<Severity, number>>): string {
  const max = Math.max(1, ...SEVERITY_ORDER.map((s) => counts[s]));
  const height = ROW_HEIGHT * SEVERITY_ORDER.length;
  const total = SEVERITY_ORDER.map((s) => `${counts[s]} ${s}`).join(", ");
  const rows = SEVERITY_ORDER.map((s, i) => {
    const y = i * ROW_HEIGHT;
    const n = counts[s];
    const w = n === 0 ? 0 : Math.max(2, Math.round((n / max) * BAR_WIDTH));
    return [
      `<text x="0" y="${y + 14}" class="chart-label">${s}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${w}" height="${BAR_HEIGHT}" class="bar sev-${s}"></rect>`,
      `<text x="${LABEL_WIDTH + w + 6}" y="${y + 14}" class="chart-count">${n}</text>`,
    ].join("");
  });
  return [
    `<svg role="img" aria-labelledby="chart-desc" width="${LABEL_WIDTH + BAR_WIDTH + 60}" height="${height}" viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 60} ${height}">`,
    `<title id="chart-desc">Vulnerabilities by severity: ${total}</title>`,
    ...rows,
    "</svg>",
  ].join("\n");
}

import { randomUUID } from "node:crypto";
import type { ScanReport } from "@bulwark/core";
import { vexIssuedAt } from "../shared/vex-facts.ts";
import { type VexStatement, vexStatements } from "../shared/vex-statements.ts";
import type { ScanRenderOptions, ScanReporter } from "../types.ts";
import { productTree } from "./product-tree.ts";
import { csafVulnerabilities } from "./vulnerabilities.ts";

/** The CSAF publisher of a scan document: the person running Bulwark uses the packages it judges. */
export const CSAF_PUBLISHER = { category: "user", name: "Bulwark", namespace: "urn:bulwark" } as const;

function subjectOf(report: ScanReport): string {
  const [only, ...more] = report.sources;
  if (only === undefined) return "no input";
  return more.length === 0 ? (only.image?.tags[0] ?? only.path) : `${report.sources.length} inputs`;
}

function summaryText(report: ScanReport, statements: readonly VexStatement[]): string {
  const count = (state: VexStatement["state"]) => statements.filter((s) => s.state === state).length;
  const head = `${report.tool.name} ${report.tool.version} scanned ${report.packages.length} packages of ${subjectOf(report)} on ${report.createdAt}`;
  if (statements.length === 0) return `${head} and found no vulnerabilities.`;
  return (
    `${head}: ${count("affected")} known affected, ${count("not_affected")} known not affected (suppressed), ` +
    `${count("under_investigation")} under investigation (package, vulnerability) pairs.`
  );
}

/**
 * The CSAF 2.0 VEX document of a scan. A scan that found nothing cannot be a `csaf_vex` document
 * (the profile requires vulnerabilities, the schema at least one), so it is written as a
 * `csaf_base` document whose summary says nothing was found.
 */
export function csafVexDocument(report: ScanReport, opts: ScanRenderOptions): Record<string, unknown> {
  const statements = vexStatements(report);
  const issued = vexIssuedAt(report, opts).toISOString();
  const notes = [{ category: "summary", text: summaryText(report, statements), title: "Scan summary" }];
  if (report.notes.length > 0) {
    const text = report.notes.map((n) => `${n.code} ${n.path}${n.line === undefined ? "" : `:${n.line}`} ${n.message}`);
    notes.push({ category: "other", text: text.join("\n"), title: "Inputs that could not be read completely" });
  }
  const empty = statements.length === 0;
  const document = {
    category: empty ? "csaf_base" : "csaf_vex",
    csaf_version: "2.0",
    lang: "en",
    notes,
    publisher: CSAF_PUBLISHER,
    title: `${report.tool.name} scan of ${subjectOf(report)}`,
    tracking: {
      current_release_date: issued,
      generator: { date: issued, engine: { name: report.tool.name, version: report.tool.version } },
      id: `BULWARK-SCAN-${(opts.uuid ?? randomUUID)()}`,
      initial_release_date: issued,
      revision_history: [{ date: issued, number: "1", summary: "Initial version." }],
      status: "final",
      version: "1",
    },
  };
  if (empty) return { document };
  return {
    document,
    product_tree: { branches: productTree(statements) },
    vulnerabilities: csafVulnerabilities(report, statements),
  };
}

// Optional test 6.2.13 asks for the keys of every object in alphabetical order.
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** CSAF 2.0 VEX JSON (`csaf_vex` profile), checked with the BSI/secvisogram CSAF validator in tests. */
export const csafVexReporter: ScanReporter = {
  format: "csaf-vex",
  mediaType: "application/json",
  fileExtension: ".csaf.json",
  description: "CSAF 2.0 VEX: product tree of the affected packages, product status, fixes, flags and CVSS scores",
  readsRecords: true,
  render(report, opts) {
    return `${JSON.stringify(csafVexDocument(report, opts), sortedKeys, 2)}\n`;
  },
};

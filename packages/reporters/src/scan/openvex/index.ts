import { randomUUID } from "node:crypto";
import type { ScanReport } from "@bulwark/core";
import { purlOf } from "../../inventory/shared/package-facts.ts";
import {
  fixRecommendation,
  osvUrl,
  suppressionStatement,
  vexIssuedAt,
  vexJustificationOf,
} from "../shared/vex-facts.ts";
import { type VexStatement, vexStatements } from "../shared/vex-statements.ts";
import type { ScanRenderOptions, ScanReporter } from "../types.ts";

/** The OpenVEX JSON-LD context this reporter writes. */
export const OPENVEX_CONTEXT = "https://openvex.dev/ns/v0.2.0";

function priorityNote(s: VexStatement): string | undefined {
  const f = s.finding;
  const parts: string[] = [];
  if (f.kev !== undefined) parts.push(`in CISA KEV since ${f.kev.dateAdded} (due ${f.kev.dueDate})`);
  if (f.ssvc !== undefined) parts.push(`SSVC ${f.ssvc.decision}`);
  if (f.epss !== undefined) parts.push(`EPSS ${f.epss.probability}`);
  if (f.deadline !== undefined) parts.push(`fix within ${f.deadline.label} (${f.deadline.policy})`);
  return parts.length === 0 ? undefined : `Bulwark: ${parts.join("; ")}.`;
}

function statusFields(s: VexStatement): Record<string, string> {
  switch (s.state) {
    case "affected":
      return {
        action_statement:
          fixRecommendation(s.pkg, s.finding) ??
          `No fixed version of ${s.pkg.name} is known: remove or replace it, or mitigate the vulnerability.`,
      };
    case "not_affected": {
      const justification = vexJustificationOf(s.finding);
      return {
        ...(justification !== undefined && { justification }),
        impact_statement: suppressionStatement(s.finding) ?? "Suppressed.",
      };
    }
    case "under_investigation":
      return s.finding.reason === undefined ? {} : { status_notes: `Undetermined: ${s.finding.reason}` };
  }
}

function statement(s: VexStatement): Record<string, unknown> {
  const purl = purlOf(s.pkg);
  const summary = s.finding.summary?.trim();
  const note = s.state === "affected" ? priorityNote(s) : undefined;
  return {
    vulnerability: {
      "@id": osvUrl(s.finding.advisoryIds[0] ?? s.vulnerabilityId),
      name: s.vulnerabilityId,
      ...(summary !== undefined && summary !== "" && { description: summary }),
      ...(s.aliases.length > 0 && { aliases: s.aliases }),
    },
    products: [{ "@id": s.productId, ...(purl !== undefined && { identifiers: { purl } }) }],
    status: s.state,
    ...statusFields(s),
    ...(note !== undefined && { status_notes: note }),
  };
}

/** The OpenVEX 0.2.0 document of a scan: one statement per (vulnerability, package). */
export function openvexDocument(report: ScanReport, opts: ScanRenderOptions): Record<string, unknown> {
  return {
    "@context": OPENVEX_CONTEXT,
    "@id": `urn:uuid:${(opts.uuid ?? randomUUID)()}`,
    author: "Bulwark",
    timestamp: vexIssuedAt(report, opts).toISOString(),
    version: 1,
    tooling: `${report.tool.name} ${report.tool.version}`,
    statements: vexStatements(report).map(statement),
  };
}

/** OpenVEX 0.2.0 JSON: affected, not_affected (suppressed, with justification) and under_investigation statements. */
export const openvexReporter: ScanReporter = {
  format: "openvex",
  mediaType: "application/json",
  fileExtension: ".openvex.json",
  description: "OpenVEX 0.2.0: a VEX statement per vulnerability and package (suppressed ones as not_affected)",
  readsRecords: true,
  render(report, opts) {
    return `${JSON.stringify(openvexDocument(report, opts), null, 2)}\n`;
  },
};

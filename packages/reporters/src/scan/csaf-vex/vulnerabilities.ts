import type { Finding, ScanReport } from "@bulwark/core";
import {
  advisoryUrls,
  detailsOf,
  fixRecommendation,
  osvUrl,
  recordDates,
  recordsOf,
  summaryOf,
  suppressionStatement,
  vexJustificationOf,
} from "../shared/vex-facts.ts";
import type { VexStatement } from "../shared/vex-statements.ts";

type Json = Record<string, unknown>;

const CVE = /^CVE-[0-9]{4}-[0-9]{4,}$/;

function note(category: string, title: string, text: string): Json {
  return { category, text, title };
}

// CVSS v3 qualitative bands; the validator recomputes the score from the vector and checks both.
function cvss3Severity(score: number): string {
  if (score === 0) return "NONE";
  if (score < 4) return "LOW";
  if (score < 7) return "MEDIUM";
  if (score < 9) return "HIGH";
  return "CRITICAL";
}

/** The CSAF `scores[]` item of a finding's CVSS v2/v3 vector (CSAF 2.0 has no CVSS v4), or `undefined`. */
function cvssOf(finding: Finding): Json | undefined {
  const { vector, score, cvssVersion } = finding.severity;
  if (vector === undefined || score === undefined) return undefined;
  if (cvssVersion === "3.0" || cvssVersion === "3.1") {
    return {
      cvss_v3: { version: cvssVersion, vectorString: vector, baseScore: score, baseSeverity: cvss3Severity(score) },
    };
  }
  if (cvssVersion === "2.0") return { cvss_v2: { version: "2.0", vectorString: vector, baseScore: score } };
  return undefined;
}

function grouped<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

const ids = (list: readonly VexStatement[]) => [...new Set(list.map((s) => s.productId))];

function productStatus(list: readonly VexStatement[]): Json {
  const of = (state: VexStatement["state"]) => ids(list.filter((s) => s.state === state));
  const status: Json = {};
  for (const [field, state] of [
    ["known_affected", "affected"],
    ["known_not_affected", "not_affected"],
    ["under_investigation", "under_investigation"],
  ] as const) {
    const products = of(state);
    if (products.length > 0) status[field] = products;
  }
  return status;
}

// Every known_affected product needs an action statement (test 6.1.27.10), and optional test
// 6.2.2 wants one for under_investigation too: a vendor fix when a fixed version is known, else
// `none_available`.
function remediations(list: readonly VexStatement[]): Json[] {
  return list
    .filter((s) => s.state !== "not_affected")
    .map((s) => {
      const fix = fixRecommendation(s.pkg, s.finding);
      return fix === undefined
        ? {
            category: "none_available",
            details: `No fixed version of ${s.pkg.name} is known.`,
            product_ids: [s.productId],
          }
        : { category: "vendor_fix", details: fix, product_ids: [s.productId] };
    });
}

// Every known_not_affected product needs a flag or an impact threat (test 6.1.27.9): the VEX
// justification as a flag when there is one, and always the suppression's reason as impact.
function flags(list: readonly VexStatement[]): Json[] {
  const byLabel = grouped(
    list.filter((s) => s.state === "not_affected"),
    (s) => vexJustificationOf(s.finding),
  );
  return [...byLabel].map(([label, group]) => ({ label, product_ids: ids(group) }));
}

function threats(list: readonly VexStatement[]): Json[] {
  const out: Json[] = list
    .filter((s) => s.state === "not_affected")
    .map((s) => ({ category: "impact", details: suppressionStatement(s.finding)!, product_ids: [s.productId] }));
  const exploited = list.filter((s) => s.state === "affected" && s.finding.kev !== undefined);
  const kev = exploited[0]?.finding.kev;
  if (kev !== undefined) {
    out.push({
      category: "exploit_status",
      details:
        `Listed in the CISA Known Exploited Vulnerabilities catalog on ${kev.dateAdded} (due ${kev.dueDate}); ` +
        `known ransomware campaign use: ${kev.knownRansomwareCampaignUse}. ${kev.requiredAction}`,
      product_ids: ids(exploited),
    });
  }
  return out;
}

function scores(list: readonly VexStatement[]): Json[] {
  const byVector = grouped(list, (s) => (cvssOf(s.finding) === undefined ? undefined : s.finding.severity.vector));
  return [...byVector.values()].map((group) => ({ products: ids(group), ...cvssOf(group[0]!.finding) }));
}

function prioritisation(finding: Finding): string | undefined {
  const parts: string[] = [];
  if (finding.ssvc !== undefined) parts.push(`SSVC decision ${finding.ssvc.decision}`);
  if (finding.epss !== undefined) {
    parts.push(`EPSS probability ${finding.epss.probability} (percentile ${finding.epss.percentile})`);
  }
  if (finding.deadline !== undefined) {
    const due = finding.deadline.dueDate === undefined ? "" : `, due ${finding.deadline.dueDate}`;
    parts.push(`remediation deadline ${finding.deadline.label} under ${finding.deadline.policy}${due}`);
  }
  const { vector, cvssVersion } = finding.severity;
  if (vector !== undefined && cvssVersion === "4.0") parts.push(`CVSS v4.0 vector ${vector}`);
  return parts.length === 0 ? undefined : `${parts.join("; ")}.`;
}

function notes(report: ScanReport, list: readonly VexStatement[]): Json[] {
  const lead = list[0]!;
  const records = [...new Set(list.flatMap((s) => recordsOf(report, s.finding)))];
  const out: Json[] = [];
  const summary = summaryOf(lead.finding, records);
  if (summary !== undefined) out.push(note("summary", "Summary", summary));
  const details = detailsOf(records);
  if (details !== undefined) out.push(note("description", "Details", details));
  const undetermined = list.find((s) => s.state === "under_investigation")?.finding.reason;
  if (undetermined !== undefined) out.push(note("other", "Why it is under investigation", undetermined));
  const urgent = list.find((s) => s.state === "affected") ?? lead;
  const priority = prioritisation(urgent.finding);
  if (priority !== undefined) out.push(note("other", "Bulwark prioritisation", priority));
  // Test 6.1.27.5: every vulnerability of a VEX document has notes.
  if (out.length === 0) out.push(note("general", "Identifiers", [lead.vulnerabilityId, ...lead.aliases].join(", ")));
  return out;
}

function references(report: ScanReport, list: readonly VexStatement[]): Json[] {
  const advisoryIds = [...new Set(list.flatMap((s) => s.finding.advisoryIds))];
  const records = advisoryIds.flatMap((id) => report.vulnerabilities[id] ?? []);
  return [
    ...advisoryIds.map((id) => ({ category: "external", summary: `OSV record ${id}`, url: osvUrl(id) })),
    ...advisoryUrls(records).map((url) => ({ category: "external", summary: "Advisory", url })),
  ];
}

function vulnerability(report: ScanReport, id: string, list: readonly VexStatement[]): Json {
  const aliases = [...new Set(list.flatMap((s) => s.aliases))].sort();
  const otherIds = CVE.test(id) ? aliases.filter((a) => a !== id) : [id, ...aliases];
  const records = [...new Set(list.flatMap((s) => recordsOf(report, s.finding)))];
  const { published } = recordDates(records);
  const title = summaryOf(list[0]!.finding, records);
  const parts: Json = {
    ...(CVE.test(id) && { cve: id }),
    ...(otherIds.length > 0 && { ids: otherIds.map((text) => ({ system_name: "OSV", text })) }),
    ...(title !== undefined && { title }),
    notes: notes(report, list),
    product_status: productStatus(list),
    references: references(report, list),
    ...(published !== undefined && { release_date: published.toISOString() }),
  };
  for (const [field, value] of [
    ["remediations", remediations(list)],
    ["flags", flags(list)],
    ["threats", threats(list)],
    ["scores", scores(list)],
  ] as const) {
    if (value.length > 0) parts[field] = value;
  }
  return parts;
}

/** The CSAF `vulnerabilities[]`: one per vulnerability id, with every package it was judged in. */
export function csafVulnerabilities(report: ScanReport, statements: readonly VexStatement[]): Json[] {
  return [...grouped(statements, (s) => s.vulnerabilityId)].map(([id, list]) => vulnerability(report, id, list));
}

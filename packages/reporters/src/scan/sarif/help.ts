import type { Finding, OsvRecord, ScanReport } from "@bulwark/core";
import { packageOf, recordsOf, scoreText } from "../shared/machine-findings.ts";
import { cell, listing, oneLine } from "./text.ts";
import { osvUrl } from "./uri.ts";

/** A rule's help in both forms GitHub reads. */
export interface RuleHelp {
  readonly text: string;
  readonly markdown: string;
}

function statusOf(f: Finding): string {
  if (f.suppressed !== undefined) return `suppressed (${oneLine(f.suppressed.reason)})`;
  return f.status === "undetermined" ? `undetermined (${oneLine(f.reason ?? "not judged")})` : "affected";
}

/** The facts shared by every finding of a rule, one line each (the first finding is the most urgent). */
function factLines(f: Finding): string[] {
  const s = f.severity;
  const lines: string[] = [];
  const cvss =
    s.score === undefined
      ? ""
      : ` (CVSS${s.cvssVersion === undefined ? "" : ` ${s.cvssVersion}`} ${scoreText(s.score)}${s.vector === undefined ? "" : `, ${s.vector}`})`;
  lines.push(`Severity: ${s.level}${cvss}`);
  if (f.kev !== undefined) {
    lines.push(
      `Known exploited: in CISA KEV since ${f.kev.dateAdded}, due ${f.kev.dueDate}; known ransomware use: ${f.kev.knownRansomwareCampaignUse}. ${oneLine(f.kev.requiredAction)}`,
    );
  }
  if (f.epss !== undefined) {
    const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
    lines.push(`EPSS: ${pct(f.epss.probability)} probability of exploitation (percentile ${pct(f.epss.percentile)})`);
  }
  if (f.ssvc !== undefined) lines.push(`SSVC decision: ${f.ssvc.decision}`);
  if (f.deadline !== undefined) {
    const due = f.deadline.dueDate === undefined ? "" : `, due ${f.deadline.dueDate}`;
    lines.push(`Deadline: ${f.deadline.label} (${f.deadline.policy}${due})`);
  }
  return lines;
}

interface Row {
  readonly name: string;
  readonly ecosystem: string;
  readonly version: string;
  readonly files: string;
  readonly fixed: string;
  readonly status: string;
}

function rowsOf(report: ScanReport, findings: readonly Finding[]): Row[] {
  return findings.map((f) => {
    const pkg = packageOf(report, f);
    return {
      name: pkg.name,
      ecosystem: pkg.ecosystem,
      version: pkg.version,
      files: pkg.locations.map((l) => (l.line ? `${l.path}:${l.line}` : l.path)).join(", "),
      fixed: f.fixedVersions.length > 0 ? f.fixedVersions.join(", ") : "no fix known",
      status: statusOf(f),
    };
  });
}

function uniqueRecords(report: ScanReport, findings: readonly Finding[]): OsvRecord[] {
  const seen = new Map<string, OsvRecord>();
  for (const f of findings) for (const r of recordsOf(report, f)) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}

function referencesOf(records: readonly OsvRecord[]): string[] {
  const urls = new Set<string>();
  for (const r of records) urls.add(osvUrl(r.id));
  for (const r of records) for (const ref of r.references ?? []) if (typeof ref.url === "string") urls.add(ref.url);
  return [...urls];
}

function remediationLine(findings: readonly Finding[]): string {
  const fixable = findings.some((f) => f.fixedVersions.length > 0);
  return fixable
    ? "Remediation: upgrade each package to a fixed version listed above (or later)."
    : "Remediation: no fixed version is known; remove or replace the package, or mitigate and suppress it with a reason.";
}

/** The help of the rule for vulnerability `id`: facts, the packages hit, remediation, advisory details, links. */
export function ruleHelp(report: ScanReport, id: string, findings: readonly Finding[]): RuleHelp {
  const first = findings[0] as Finding;
  const records = uniqueRecords(report, findings);
  const others = first.aliases.filter((a) => a !== id);
  const summary = first.summary ?? records.find((r) => r.summary !== undefined)?.summary;
  const rows = rowsOf(report, findings);
  const facts = factLines(first);
  const refs = referencesOf(records);

  const md: string[] = [`**${id}**${summary === undefined ? "" : `: ${oneLine(summary)}`}`, ""];
  if (others.length > 0) md.push(`Also known as: ${listing(others.map((a) => `[${a}](${osvUrl(a)})`))}`, "");
  md.push(...facts.map((l) => `- ${l}`), "");
  md.push(
    "| Package | Ecosystem | Installed | Found in | Fixed in | Status |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const r of rows) {
    md.push(
      `| ${cell(r.name)} | ${cell(r.ecosystem)} | ${cell(r.version)} | ${cell(r.files)} | ${cell(r.fixed)} | ${cell(r.status)} |`,
    );
  }
  md.push("", remediationLine(findings));
  for (const r of records) {
    if (r.details === undefined || r.details.trim() === "") continue;
    md.push("", `### [${r.id}](${osvUrl(r.id)})`, "", r.details.trim());
  }
  md.push("", "References:", "", ...refs.map((u) => `- <${u}>`));

  const text: string[] = [`${id}${summary === undefined ? "" : `: ${oneLine(summary)}`}`];
  if (others.length > 0) text.push(`Also known as: ${others.join(", ")}`);
  text.push(...facts, "", "Packages:");
  for (const r of rows)
    text.push(`- ${r.name} ${r.version} (${r.ecosystem}) in ${r.files}: fixed in ${r.fixed}; ${r.status}`);
  text.push("", remediationLine(findings));
  for (const r of records) {
    if (r.details === undefined || r.details.trim() === "") continue;
    text.push("", `${r.id}:`, r.details.trim());
  }
  text.push("", "References:", ...refs.map((u) => `- ${u}`));
  return { text: `${text.join("\n")}\n`, markdown: `${md.join("\n")}\n` };
}

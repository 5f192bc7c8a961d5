import type { Finding, ScanReport } from "@bulwark/core";
import { packageOf, recordsOf } from "../shared/machine-findings.ts";
import { ruleHelp } from "./help.ts";
import { levelOf, securitySeverity, worstSeverity } from "./severity.ts";
import { clip, oneLine } from "./text.ts";
import { osvUrl } from "./uri.ts";

type Json = Record<string, unknown>;

// GitHub code scanning limits (docs: "SARIF support for code scanning").
const MAX_NAME = 255;
const MAX_DESCRIPTION = 1024;
/** GitHub keeps 20 tags per rule and shows 10; we write at most 10 so none is dropped silently. */
const MAX_TAGS = 10;

/** Findings grouped by the vulnerability id that becomes their rule, in first-seen (priority) order. */
export function findingsByRule(findings: readonly Finding[]): Map<string, Finding[]> {
  const byId = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byId.get(f.id) ?? [];
    list.push(f);
    byId.set(f.id, list);
  }
  return byId;
}

function tagsOf(report: ScanReport, findings: readonly Finding[], level: string): string[] {
  const tags = ["security", "vulnerability", level];
  if (findings.some((f) => f.kev !== undefined)) tags.push("kev");
  const ecosystems = new Set(findings.map((f) => packageOf(report, f).ecosystem.split(":")[0] as string));
  tags.push(...[...ecosystems].sort());
  return tags.slice(0, MAX_TAGS);
}

function descriptions(report: ScanReport, id: string, findings: readonly Finding[]): { short: string; full: string } {
  const first = findings[0] as Finding;
  const records = findings.flatMap((f) => recordsOf(report, f));
  const summary = first.summary ?? records.find((r) => r.summary !== undefined)?.summary;
  const packages = [...new Set(findings.map((f) => packageOf(report, f).name))].sort().join(", ");
  const short = summary === undefined ? `${id}: known vulnerability in ${packages}` : `${id}: ${oneLine(summary)}`;
  const details = records.find((r) => r.details !== undefined && r.details.trim() !== "")?.details;
  return {
    short: clip(short, MAX_DESCRIPTION),
    full: clip(details === undefined ? short : oneLine(details), MAX_DESCRIPTION),
  };
}

/** One SARIF `reportingDescriptor` for the vulnerability `id` and the findings filed under it. */
export function ruleFor(report: ScanReport, id: string, findings: readonly Finding[]): Json {
  const worst = worstSeverity(findings);
  const { short, full } = descriptions(report, id, findings);
  const help = ruleHelp(report, id, findings);
  const score = securitySeverity(worst);
  // Every finding is an exact version match against the advisory's ranges, unless the scanner
  // could not judge it; a rule that only has such findings is a weaker signal.
  const precision = findings.every((f) => f.status === "undetermined") ? "medium" : "very-high";
  const aliases = (findings[0] as Finding).aliases.filter((a) => a !== id);
  return {
    id,
    name: clip(id, MAX_NAME),
    shortDescription: { text: short },
    fullDescription: { text: full },
    defaultConfiguration: { level: levelOf(worst.level) },
    helpUri: osvUrl(id),
    help,
    properties: {
      tags: tagsOf(report, findings, worst.level),
      ...(score !== undefined && { "security-severity": score }),
      precision,
      ...(aliases.length > 0 && { aliases }),
    },
  };
}

import type { ExtractNote, Finding, ScanReport } from "@bulwark/core";
import { countFindings, findingsToShow, packageOf } from "../shared/machine-findings.ts";
import { resultsFor, SRCROOT } from "./results.ts";
import { findingsByRule, ruleFor } from "./rules.ts";
import { relativeUri } from "./uri.ts";

type Json = Record<string, unknown>;

/** The SARIF 2.1.0 schema URI GitHub's documentation gives for `$schema`. */
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** Bulwark's home page, for `tool.driver.informationUri`. */
export const BULWARK_INFORMATION_URI = "https://bulwark.invalid/";

/** GitHub code scanning rejects a run with more results than this (and keeps the 5,000 most severe). */
export const MAX_RESULTS = 25_000;

function resultCount(report: ScanReport, f: Finding): number {
  return Math.max(1, packageOf(report, f).locations.length);
}

/** The most urgent findings whose results fit under GitHub's limit, and how many were left out. */
function withinLimit(report: ScanReport, findings: readonly Finding[]): { kept: Finding[]; dropped: number } {
  const kept: Finding[] = [];
  let total = 0;
  for (const f of findings) {
    const n = resultCount(report, f);
    if (total + n > MAX_RESULTS) break;
    kept.push(f);
    total += n;
  }
  return { kept, dropped: findings.length - kept.length };
}

function noteNotification(note: ExtractNote): Json {
  const line = note.line !== undefined && note.line >= 1 ? note.line : undefined;
  return {
    level: "warning",
    message: { text: note.message },
    descriptor: { id: note.code },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: relativeUri(note.path), uriBaseId: SRCROOT },
          ...(line !== undefined && { region: { startLine: line } }),
        },
      },
    ],
  };
}

function notifications(report: ScanReport, dropped: number): Json[] {
  const out = report.notes.map(noteNotification);
  if (dropped > 0) {
    out.push({
      level: "warning",
      message: {
        text: `${dropped} less urgent findings were left out: GitHub code scanning rejects a run with more than ${MAX_RESULTS} results. Use the json format for all of them.`,
      },
      descriptor: { id: "bulwark/results-truncated" },
    });
  }
  if (report.database.stale) {
    out.push({
      level: "warning",
      message: { text: `The advisory database is stale (last update ${report.database.lastUpdate ?? "unknown"}).` },
      descriptor: { id: "bulwark/database-stale" },
    });
  }
  return out;
}

/** The whole SARIF log: one run of the `bulwark` driver, a rule per vulnerability, a result per finding and location. */
export function sarifLog(report: ScanReport, showSuppressed: boolean): Json {
  const { kept, dropped } = withinLimit(report, findingsToShow(report, showSuppressed));
  const byRule = findingsByRule(kept);
  const ruleIndex = new Map([...byRule.keys()].map((id, i) => [id, i]));
  const rules = [...byRule].map(([id, findings]) => ruleFor(report, id, findings));
  const counts = countFindings(report);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "bulwark",
            informationUri: BULWARK_INFORMATION_URI,
            version: report.tool.version,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.createdAt,
            toolExecutionNotifications: notifications(report, dropped),
          },
        ],
        originalUriBaseIds: {
          [SRCROOT]: {
            description: { text: "The root of the scanned tree: the directory, file or image given to bulwark scan." },
          },
        },
        results: resultsFor(report, kept, ruleIndex),
        properties: {
          findings: counts.findings,
          undetermined: counts.undetermined,
          suppressed: counts.suppressed,
          suppressedShown: showSuppressed,
          truncated: dropped,
        },
      },
    ],
  };
}

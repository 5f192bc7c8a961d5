import type { AffectedCounts, SectorReport, SectorStats } from "@bulwark/db";
import type { Command } from "commander";
import { type ApiFlags, clientFrom, withApiFlags } from "../client/api-options.ts";
import { renderTable } from "../io/table.ts";
import { formatOption } from "./orgs.ts";

interface SectorsOptions extends ApiFlags {
  vuln?: string;
  format: string;
}

const four = (c: AffectedCounts) => `${c.affected}/${c.acknowledged}/${c.remediated}/${c.overdue}`;

function sectorRow(s: SectorStats, withBulletin: boolean): string[] {
  const a = s.alerts;
  return [
    s.sector,
    four(s.operators),
    four(s.assets),
    String(a.open),
    String(a.acknowledged),
    String(a["in-progress"]),
    String(a.remediated),
    String(a["not-affected"]),
    String(a["risk-accepted"]),
    String(a.overdue),
    s.medianDaysToRemediate === null ? "-" : String(s.medianDaysToRemediate),
    ...(withBulletin
      ? [
          s.bulletin === undefined
            ? "-"
            : `${s.bulletin.delivered}/${s.bulletin.viewed}/${s.bulletin.acknowledged}/${s.bulletin.applied}`,
        ]
      : []),
  ];
}

/** The sector view as a table: one line per sector and the total, with a legend for the compact cells. */
export function renderSectorTable(report: SectorReport): string {
  const withBulletin = report.bulletinId !== undefined;
  const header = [
    "SECTOR",
    "OPERATORS",
    "ASSETS",
    "OPEN",
    "ACK",
    "IN-PROGRESS",
    "REMEDIATED",
    "NOT-AFFECTED",
    "RISK-ACCEPTED",
    "OVERDUE",
    "MEDIAN DAYS",
    ...(withBulletin ? ["BULLETIN"] : []),
  ];
  const scope = report.vulnId === undefined ? "all vulnerabilities" : `vulnerability ${report.vulnId}`;
  const legend = [
    `${scope}, overdue as of ${report.today}${withBulletin ? `, bulletin ${report.bulletinId}` : ""}`,
    "OPERATORS, ASSETS: affected/acknowledged/remediated/overdue; OPEN … OVERDUE: alerts; MEDIAN DAYS: to remediate",
    ...(withBulletin ? ["BULLETIN: operators at delivered/viewed/acknowledged/applied"] : []),
  ];
  const rows = [...report.sectors, report.total].map((s) => sectorRow(s, withBulletin));
  return `${legend.join("\n")}\n\n${renderTable(header, rows)}`;
}

/** `bulwark report sectors`: the coordinator's per-sector view of a vulnerability group or of every alert. */
export function registerReport(program: Command): void {
  const report = program.command("report").description("reports for coordinators");
  withApiFlags(
    report
      .command("sectors")
      .description(
        "per sector: operators and assets affected, acknowledged, remediated, overdue; median time to remediate (coordinators, platform admins)",
      )
      .option("--vuln <id>", "one vulnerability group (its CVE, or its first advisory id)")
      .addOption(formatOption()),
  )
    .addHelpText("after", "\n--format json prints the answer of GET /api/v1/reports/sectors as it is.")
    .action(async (opts: SectorsOptions) => {
      const client = clientFrom(opts);
      const answer = await client.get<SectorReport>("/api/v1/reports/sectors", { vuln: opts.vuln });
      process.stdout.write(opts.format === "json" ? `${JSON.stringify(answer, null, 2)}\n` : renderSectorTable(answer));
    });
}

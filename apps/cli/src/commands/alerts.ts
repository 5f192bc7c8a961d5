import { VEX_JUSTIFICATIONS } from "@bulwark/core";
import { ALERT_STATUSES } from "@bulwark/db";
import { type Command, Option } from "commander";
import { type ApiFlags, clientFrom, withApiFlags } from "../client/api-options.ts";
import type { AlertView } from "../client/api-types.ts";
import { requireAsset, requireOrgId } from "../client/lookup.ts";
import { usageError } from "../errors.ts";
import { renderTable } from "../io/table.ts";
import { formatOption } from "./orgs.ts";

/** The statuses `alerts resolve` sets. */
export const RESOLUTIONS = ["remediated", "not-affected", "risk-accepted"] as const;

interface ListOptions extends ApiFlags {
  org?: string;
  status?: string;
  asset?: string;
  format: string;
}

interface ResolveOptions extends ApiFlags {
  status: string;
  justification?: string;
  reason?: string;
  expires?: string;
  note?: string;
  json?: boolean;
}

/** An alert as `alerts list --format json` prints it: the fields an operator's tooling needs, from AlertView. */
export function alertJson(a: AlertView) {
  return {
    id: a.id,
    asset: a.asset,
    package: {
      ecosystem: a.package.ecosystem,
      name: a.package.name,
      version: a.package.version,
      ...(a.package.purl !== undefined && { purl: a.package.purl }),
    },
    vulnerability: {
      ids: a.vulnerability.ids,
      aliases: a.vulnerability.aliases,
      ...(a.vulnerability.summary !== undefined && { summary: a.vulnerability.summary }),
    },
    severity: a.severity,
    kev: a.kev,
    epss: a.epss,
    ssvc: a.ssvc,
    timeline: a.timeline,
    dueAt: a.dueAt,
    status: a.status,
  };
}

/** `--expires 2027-03-31`, an ISO time, or `90d` from today, as the date (YYYY-MM-DD) the server takes. */
export function parseExpires(value: string, now: Date): string {
  const days = /^(\d{1,4})d$/.exec(value);
  if (days) return new Date(now.getTime() + Number(days[1]) * 86_400_000).toISOString().slice(0, 10);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  if (/^\d{4}-\d{2}-\d{2}(T|$)/.test(value) && !Number.isNaN(Date.parse(date))) {
    return new Date(date).toISOString().slice(0, 10);
  }
  throw usageError(
    `--expires takes a date (2027-03-31), an ISO time or a number of days (90d), not ${JSON.stringify(value)}`,
  );
}

function alertRow(a: AlertView): string[] {
  return [
    a.id,
    a.severity.level,
    a.kev === null ? "-" : "KEV",
    a.ssvc?.decision ?? "-",
    a.dueAt === null ? "-" : `${a.dueAt}${a.overdue ? " overdue" : ""}`,
    a.status,
    a.asset.name,
    `${a.package.name}@${a.package.version}`,
    [a.vulnerability.id, ...a.vulnerability.ids.filter((i) => i !== a.vulnerability.id)].slice(0, 2).join(" "),
  ];
}

/** `bulwark alerts list|ack|resolve`: an operator organisation's alerts. */
export function registerAlerts(program: Command): void {
  const alerts = program
    .command("alerts")
    .description("alerts: known vulnerabilities found in an operator organisation's assets");
  withApiFlags(
    alerts
      .command("list")
      .description("the organisation's alerts")
      .option("--org <name|id>", "the organisation (default: the token's)")
      .addOption(new Option("--status <status>", "only alerts with this status").choices(ALERT_STATUSES))
      .option("--asset <name|id>", "only this asset's alerts")
      .addOption(formatOption()),
  )
    .addHelpText(
      "after",
      "\n--format json prints [{id, asset, package{ecosystem,name,version,purl}, vulnerability{ids,aliases,summary},\nseverity, kev, epss, ssvc, timeline, dueAt, status}].",
    )
    .action(async (opts: ListOptions) => {
      const client = clientFrom(opts);
      const orgId = await requireOrgId(client, opts.org);
      const assetId = opts.asset === undefined ? undefined : (await requireAsset(client, orgId, opts.asset)).id;
      const items = await client.all<AlertView>("/api/v1/alerts", { orgId, status: opts.status, assetId });
      if (opts.format === "json") {
        process.stdout.write(`${JSON.stringify(items.map(alertJson), null, 2)}\n`);
        return;
      }
      process.stdout.write(
        renderTable(
          ["ID", "SEVERITY", "KEV", "SSVC", "DUE", "STATUS", "ASSET", "PACKAGE", "VULNERABILITY"],
          items.map(alertRow),
        ),
      );
    });

  withApiFlags(
    alerts
      .command("ack")
      .description("acknowledge an alert: someone is looking at it")
      .argument("<id>", "the alert's id (from `bulwark alerts list`)")
      .option("--note <text>", "a note for the alert's history")
      .option("--json", "print the alert as JSON"),
  ).action(async (id: string, opts: ApiFlags & { note?: string; json?: boolean }) => {
    const alert = await clientFrom(opts).post<AlertView>(`/api/v1/alerts/${encodeURIComponent(id)}/status`, {
      status: "acknowledged",
      ...(opts.note !== undefined && { note: opts.note }),
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(alert)}\n`);
    else process.stdout.write(`alert ${alert.id} is ${alert.status}\n`);
  });

  withApiFlags(
    alerts
      .command("resolve")
      .description("close an alert as remediated, not affected or risk accepted")
      .argument("<id>", "the alert's id (from `bulwark alerts list`)")
      .addOption(new Option("--status <status>", "how it was resolved").choices(RESOLUTIONS).default("remediated"))
      .addOption(
        new Option("--justification <why>", "VEX justification, required with --status not-affected").choices(
          VEX_JUSTIFICATIONS,
        ),
      )
      .option("--reason <text>", "why, in words (required with risk-accepted; kept in the alert's history)")
      .option(
        "--expires <date>",
        "when an accepted risk must be reviewed: 2027-03-31 or 90d (required with risk-accepted)",
      )
      .option("--note <text>", "a note for the alert's history")
      .option("--json", "print the alert as JSON"),
  )
    .addHelpText(
      "after",
      "\n--status remediated (the default): the vulnerable version was upgraded or removed. not-affected needs a VEX\n--justification; risk-accepted needs --reason and --expires (the alert reopens then).",
    )
    .action(async (id: string, opts: ResolveOptions) => {
      if (opts.status === "not-affected" && opts.justification === undefined) {
        throw usageError(
          "--status not-affected needs --justification",
          `Use one of: ${VEX_JUSTIFICATIONS.join(", ")}.`,
        );
      }
      if (opts.status !== "not-affected" && opts.justification !== undefined) {
        throw usageError("--justification goes with --status not-affected only");
      }
      if (opts.status === "risk-accepted" && (opts.expires === undefined || opts.reason === undefined)) {
        throw usageError(
          "--status risk-accepted needs --expires (a date such as 2027-03-31, or 90d) and --reason",
          "Say why the risk is accepted and when the acceptance must be reviewed; the alert reopens then.",
        );
      }
      if (opts.status !== "risk-accepted" && opts.expires !== undefined) {
        throw usageError("--expires goes with --status risk-accepted only");
      }
      const expiresAt = opts.expires === undefined ? undefined : parseExpires(opts.expires, new Date());
      const alert = await clientFrom(opts).post<AlertView>(`/api/v1/alerts/${encodeURIComponent(id)}/status`, {
        status: opts.status,
        ...(opts.justification !== undefined && { justification: opts.justification }),
        ...(opts.reason !== undefined && { reason: opts.reason }),
        ...(expiresAt !== undefined && { expiresAt }),
        ...(opts.note !== undefined && { note: opts.note }),
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(alert)}\n`);
      else process.stdout.write(`alert ${alert.id} is ${alert.status}\n`);
    });
}

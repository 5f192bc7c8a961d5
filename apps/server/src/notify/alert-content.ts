import type { ServerSchema } from "@bulwark/db";

/** The alert events worth telling people about, named as webhook event types. */
export const ALERT_NOTICES = ["alert.opened", "alert.reopened", "alert.closed", "alert.remediated"] as const;

/** One of {@link ALERT_NOTICES}. */
export type AlertNotice = (typeof ALERT_NOTICES)[number];

/** An alert row with its asset's name, as the notifier reads it. */
export type AlertRow = ServerSchema["alerts"] & { readonly asset_name: string };

/** An `alert_events` row. */
export interface AlertEventRow {
  readonly seq: number;
  readonly alert_id: string;
  readonly org_id: string;
  readonly at: string;
  readonly actor: string | null;
  readonly from_status: string | null;
  readonly to_status: string;
  readonly note: string | null;
}

const ACTIVE = new Set(["open", "acknowledged", "in-progress"]);
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Sort key of a severity: critical first, unknown last. */
export function severityRank(level: string | null | undefined): number {
  return SEVERITY_RANK[level ?? ""] ?? 4;
}

/**
 * Which notice an event is, if any. Only the monitor's changes are: an alert opened, reopened
 * (vulnerable again), closed (its advisory withdrawn) or remediated by an upload. A user's own
 * status changes are in the alert's history, not in everyone's inbox.
 */
export function noticeOf(event: Pick<AlertEventRow, "actor" | "from_status" | "to_status">): AlertNotice | undefined {
  if (event.actor !== null) return undefined;
  switch (event.to_status) {
    case "open":
      return event.from_status === null ? "alert.opened" : "alert.reopened";
    case "closed":
      return "alert.closed";
    case "remediated":
      return "alert.remediated";
    default:
      return undefined;
  }
}

function json(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function list(text: string): string[] {
  const v = json(text);
  return Array.isArray(v) ? v.map(String) : [];
}

/** The alert as webhooks carry it (the alerts API's fields), with the event that caused the delivery. */
export function alertWebhookData(alert: AlertRow, event: AlertEventRow, now: Date): Record<string, unknown> {
  const today = now.toISOString().slice(0, 10);
  return {
    id: alert.id,
    orgId: alert.org_id,
    asset: { id: alert.asset_id, name: alert.asset_name },
    package: {
      ecosystem: alert.ecosystem,
      name: alert.package_name,
      version: alert.version,
      ...(alert.purl !== null && { purl: alert.purl }),
    },
    vulnerability: {
      id: alert.vuln_id,
      ids: list(alert.advisory_ids),
      aliases: list(alert.aliases),
      ...(alert.summary !== null && { summary: alert.summary }),
    },
    severity: {
      level: alert.severity,
      ...(alert.severity_score !== null && { score: Number(alert.severity_score) }),
      ...(alert.severity_vector !== null && { vector: alert.severity_vector }),
    },
    kev: json(alert.kev),
    epss: json(alert.epss),
    ssvc: json(alert.ssvc),
    timeline: json(alert.timeline),
    firstDetectedAt: alert.first_detected_at,
    clockStart: alert.clock_start,
    dueAt: alert.due_at,
    overdue: alert.due_at !== null && alert.due_at < today && ACTIVE.has(alert.status),
    fixedVersions: list(alert.fixed_versions),
    status: alert.status,
    ...(alert.status_reason !== null && { statusReason: alert.status_reason }),
    ...(alert.resolved_at !== null && { resolvedAt: alert.resolved_at }),
    ...(alert.evidence_inventory_id !== null && { evidenceInventoryId: alert.evidence_inventory_id }),
    createdAt: alert.created_at,
    updatedAt: alert.updated_at,
    event: {
      seq: event.seq,
      at: event.at,
      from: event.from_status,
      to: event.to_status,
      ...(event.note !== null && { note: event.note }),
    },
  };
}

/** `CVE-2023-46136 (high) on billing-server`: how subjects and lists name an alert. */
export function alertShortName(alert: Pick<AlertRow, "vuln_id" | "severity" | "asset_name">): string {
  return `${alert.vuln_id} (${alert.severity}) on ${alert.asset_name}`;
}

/** The inbox item's title and body for a notice about an alert. */
export function alertItemText(notice: AlertNotice, alert: AlertRow): { title: string; body: string } {
  const pkg = `${alert.package_name} ${alert.version}`;
  const where = `${pkg} (${alert.ecosystem}) on ${alert.asset_name}`;
  const fixed = list(alert.fixed_versions);
  const facts = [
    fixed.length > 0 ? `Fixed in ${fixed.join(", ")}.` : "No fixed version is known.",
    ...(alert.kev !== null ? ["Listed in CISA KEV (known exploited)."] : []),
    ...(alert.due_at !== null ? [`Due ${alert.due_at}.`] : []),
  ].join(" ");
  const summary = alert.summary === null ? "" : `${alert.summary}\n`;
  switch (notice) {
    case "alert.opened":
      return {
        title: `${alert.vuln_id} (${alert.severity}) in ${pkg} on ${alert.asset_name}`,
        body: `${summary}${where} is affected by ${alert.vuln_id}. ${facts}`,
      };
    case "alert.reopened":
      return {
        title: `Reopened: ${alert.vuln_id} (${alert.severity}) in ${pkg} on ${alert.asset_name}`,
        body: `${summary}${where} is affected by ${alert.vuln_id} again. ${facts}`,
      };
    case "alert.closed":
      return {
        title: `Closed: ${alert.vuln_id} on ${alert.asset_name}`,
        body: `The alert for ${alert.vuln_id} in ${where} was closed: ${alert.status_reason ?? "its advisory was withdrawn"}. Nothing is left to do.`,
      };
    case "alert.remediated":
      return {
        title: `Remediated: ${alert.vuln_id} in ${alert.package_name} on ${alert.asset_name}`,
        body: `An inventory upload shows ${where} fixed or removed; the alert for ${alert.vuln_id} is remediated.`,
      };
  }
}

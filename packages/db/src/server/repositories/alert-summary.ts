import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { ServerSchema } from "../schema.ts";
import { ACTIVE_ALERT_STATUSES, ALERT_STATUSES, addDays } from "./alerts.ts";

/** SSVC decisions in the order a dashboard shows them; `unknown` counts alerts without an SSVC decision. */
export const SUMMARY_DECISIONS = ["Act", "Attend", "Track*", "Track", "unknown"] as const;

/** Severity levels in the order a dashboard shows them. */
export const SUMMARY_SEVERITIES = ["critical", "high", "medium", "low", "unknown"] as const;

/** One day of {@link AlertSummary.series}. */
export interface AlertSummaryDay {
  /** YYYY-MM-DD (UTC). */
  readonly date: string;
  /** Alerts first detected that day. */
  readonly opened: number;
  /** Alerts resolved that day (remediated, not affected, risk accepted or closed). */
  readonly resolved: number;
  /** Alerts active at the end of that day. */
  readonly active: number;
}

/** An organisation's alerts in numbers: what a dashboard shows. */
export interface AlertSummary {
  readonly orgId: string;
  /** The day the numbers are for, YYYY-MM-DD (UTC). */
  readonly today: string;
  /** Open, acknowledged or in progress. */
  readonly active: number;
  /** Active and past their due date. */
  readonly overdue: number;
  /** Active, not overdue, due within seven days. */
  readonly dueWithin7Days: number;
  /** Every status, all alerts (zero counts included). */
  readonly byStatus: readonly { status: string; count: number }[];
  /** Active alerts by SSVC decision. */
  readonly byDecision: readonly { decision: string; count: number }[];
  /** Active alerts by severity level. */
  readonly bySeverity: readonly { level: string; count: number }[];
  /** Assets with active alerts, most first (then by name). */
  readonly byAsset: readonly { assetId: string; name: string; active: number; overdue: number }[];
  /** One entry per day of the window, oldest first, ending today. */
  readonly series: readonly AlertSummaryDay[];
}

/** Counts keyed by name, listed in `order` (zeros included), then any other names the data holds. */
function ordered(order: readonly string[], counts: Map<string, number>): { key: string; count: number }[] {
  const extra = [...counts.keys()].filter((k) => !order.includes(k)).sort();
  return [...order, ...extra].map((key) => ({ key, count: counts.get(key) ?? 0 }));
}

const active = (eb: ExpressionBuilder<ServerSchema, "alerts">) => eb("status", "in", ACTIVE_ALERT_STATUSES);

// Literal status list: the resolved-day expression must read the same in SELECT and GROUP BY.
const ACTIVE_LITERAL = sql.join(ACTIVE_ALERT_STATUSES.map((s) => sql.lit(s)));

/**
 * An organisation's alert numbers on `today` (YYYY-MM-DD, UTC) with a daily series of the last
 * `days` days. Six aggregate queries over the organisation's alerts (the `alerts_by_org` index),
 * whatever their number: no row per alert crosses the wire.
 *
 * The series is exact for what the alert rows keep: an alert counts as active from the day it was
 * first detected until the day it was resolved (`resolved_at`; a row without one that is not
 * active, from its last change). An alert reopened and resolved again counts from its latest resolution.
 */
export async function alertSummary(
  db: Kysely<ServerSchema>,
  orgId: string,
  today: string,
  days = 90,
): Promise<AlertSummary> {
  const soon = addDays(today, 7);
  const start = addDays(today, -(days - 1));
  const ofOrg = db.selectFrom("alerts").where("org_id", "=", orgId);

  const statusRows = await ofOrg
    .select((eb) => ["status", eb.fn.countAll<string | number>().as("n")])
    .groupBy("status")
    .execute();

  // One pass over the active alerts gives the totals, the decisions and the severities.
  const activeRows = await ofOrg
    .select((eb) => [
      "ssvc_decision",
      "severity",
      eb.fn.countAll<string | number>().as("n"),
      eb.fn.count<string | number>(eb.case().when("due_at", "<", today).then(1).end()).as("overdue"),
      eb.fn
        .count<string | number>(
          eb
            .case()
            .when(eb.and([eb("due_at", ">=", today), eb("due_at", "<=", soon)]))
            .then(1)
            .end(),
        )
        .as("soon"),
    ])
    .where(active)
    .groupBy(["ssvc_decision", "severity"])
    .execute();

  const assetRows = await db
    .selectFrom("alerts as a")
    .innerJoin("assets as s", "s.id", "a.asset_id")
    .select((eb) => [
      "a.asset_id",
      "s.name",
      eb.fn.countAll<string | number>().as("n"),
      eb.fn.count<string | number>(eb.case().when("a.due_at", "<", today).then(1).end()).as("overdue"),
    ])
    .where("a.org_id", "=", orgId)
    .where("a.status", "in", ACTIVE_ALERT_STATUSES)
    .groupBy(["a.asset_id", "s.name"])
    .execute();

  // Each alert's first and (when it has ended) last day, as YYYY-MM-DD.
  const lifetimes = db
    .selectFrom("alerts")
    .select([
      sql<string>`substr(first_detected_at, 1, 10)`.as("opened_on"),
      sql<
        string | null
      >`substr(coalesce(resolved_at, case when status not in (${ACTIVE_LITERAL}) then updated_at end), 1, 10)`.as(
        "ended_on",
      ),
    ])
    .where("org_id", "=", orgId)
    .as("l");
  const openedRows = await db
    .selectFrom(lifetimes)
    .select((eb) => ["l.opened_on", eb.fn.countAll<string | number>().as("n")])
    .where("l.opened_on", ">=", start)
    .groupBy("l.opened_on")
    .execute();
  const endedRows = await db
    .selectFrom(lifetimes)
    .select((eb) => ["l.ended_on", eb.fn.countAll<string | number>().as("n")])
    .where("l.ended_on", ">=", start)
    .groupBy("l.ended_on")
    .execute();
  const before = await db
    .selectFrom(lifetimes)
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("l.opened_on", "<", start)
    .where((eb) => eb.or([eb("l.ended_on", "is", null), eb("l.ended_on", ">=", start)]))
    .executeTakeFirstOrThrow();

  const decisions = new Map<string, number>();
  const severities = new Map<string, number>();
  let activeCount = 0;
  let overdue = 0;
  let dueWithin7Days = 0;
  for (const r of activeRows) {
    const n = Number(r.n);
    activeCount += n;
    overdue += Number(r.overdue);
    dueWithin7Days += Number(r.soon);
    const decision = r.ssvc_decision ?? "unknown";
    decisions.set(decision, (decisions.get(decision) ?? 0) + n);
    severities.set(r.severity, (severities.get(r.severity) ?? 0) + n);
  }

  const opened = new Map(openedRows.map((r) => [r.opened_on, Number(r.n)]));
  const ended = new Map(endedRows.flatMap((r) => (r.ended_on === null ? [] : [[r.ended_on, Number(r.n)] as const])));
  const series: AlertSummaryDay[] = [];
  let running = Number(before.n);
  for (let i = 0; i < days; i++) {
    const date = addDays(start, i);
    const o = opened.get(date) ?? 0;
    const r = ended.get(date) ?? 0;
    running += o - r;
    series.push({ date, opened: o, resolved: r, active: running });
  }

  return {
    orgId,
    today,
    active: activeCount,
    overdue,
    dueWithin7Days,
    byStatus: ordered(ALERT_STATUSES, new Map(statusRows.map((r) => [r.status, Number(r.n)]))).map((e) => ({
      status: e.key,
      count: e.count,
    })),
    byDecision: ordered(SUMMARY_DECISIONS, decisions).map((e) => ({ decision: e.key, count: e.count })),
    bySeverity: ordered(SUMMARY_SEVERITIES, severities).map((e) => ({ level: e.key, count: e.count })),
    byAsset: assetRows
      .map((r) => ({ assetId: r.asset_id, name: r.name, active: Number(r.n), overdue: Number(r.overdue) }))
      .sort((a, b) => b.active - a.active || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    series,
  };
}

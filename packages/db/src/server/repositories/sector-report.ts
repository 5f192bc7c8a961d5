import { OPERATOR_SECTORS } from "@bulwark/access";
import { type Kysely, sql } from "kysely";
import type { ServerSchema } from "../schema.ts";
import { ALERT_STATUSES, type AlertStatus } from "./alerts.ts";
import { DELIVERY_STATUSES, type DeliveryCounts, type DeliveryStatus } from "./bulletins.ts";

/** The alert statuses the sector view counts (`closed`, a withdrawn advisory, is left out everywhere). */
export const SECTOR_ALERT_STATUSES = ALERT_STATUSES.filter((s): s is Exclude<AlertStatus, "closed"> => s !== "closed");

/** The sector of organisations that have none (not operators, or not yet classified). */
export const UNSPECIFIED_SECTOR = "unspecified";

// Work still to do: an alert in one of these past its due date is overdue.
const ACTIVE = new Set<string>(["open", "acknowledged", "in-progress"]);
// Nothing left to do: fixed, or shown not to apply.
const DONE = new Set<string>(["remediated", "not-affected"]);

/** Operators or assets in one sector, by where their alerts stand. */
export interface AffectedCounts {
  /** With at least one alert. */
  readonly affected: number;
  /** None of their alerts is still `open`: every one was at least acknowledged. */
  readonly acknowledged: number;
  /** Every alert is `remediated` or `not-affected`. */
  readonly remediated: number;
  /** At least one alert is overdue. */
  readonly overdue: number;
}

/** One sector's line of the coordinator's view. */
export interface SectorStats {
  readonly sector: string;
  readonly operators: AffectedCounts;
  readonly assets: AffectedCounts;
  /** Alerts by status, plus `overdue`: due before today and still open, acknowledged or in progress. */
  readonly alerts: Record<(typeof SECTOR_ALERT_STATUSES)[number], number> & { total: number; overdue: number };
  /** Median of resolved − first detected over remediated alerts, in days (2 decimals); null without any. */
  readonly medianDaysToRemediate: number | null;
  /** With a vulnerability whose bulletin exists: its deliveries in this sector by current status. */
  readonly bulletin?: DeliveryCounts;
}

/** The sector view: every operator sector (zeros included), any other sector seen, and the total. */
export interface SectorReport {
  readonly vulnId?: string;
  /** The bulletin of `vulnId`, when there is one. */
  readonly bulletinId?: string;
  /** YYYY-MM-DD (UTC): the day "overdue" is judged against. */
  readonly today: string;
  readonly sectors: readonly SectorStats[];
  readonly total: SectorStats;
}

const DAY_MS = 86_400_000;

/** The median of `values` (the mean of the middle two for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Unit {
  open: number;
  done: number;
  all: number;
  overdue: number;
}

class Accumulator {
  readonly orgs = new Map<string, Unit>();
  readonly assets = new Map<string, Unit>();
  readonly alerts = Object.fromEntries([...SECTOR_ALERT_STATUSES, "total", "overdue"].map((s) => [s, 0])) as Record<
    string,
    number
  >;
  readonly durations: number[] = [];
  bulletin: DeliveryCounts | undefined;

  add(orgId: string, assetId: string, status: string, n: number, overdue: number): void {
    for (const [map, key] of [
      [this.orgs, orgId],
      [this.assets, assetId],
    ] as const) {
      const u = map.get(key) ?? { open: 0, done: 0, all: 0, overdue: 0 };
      u.all += n;
      if (status === "open") u.open += n;
      if (DONE.has(status)) u.done += n;
      u.overdue += overdue;
      map.set(key, u);
    }
    this.alerts[status] = (this.alerts[status] ?? 0) + n;
    this.alerts.total = (this.alerts.total ?? 0) + n;
    this.alerts.overdue = (this.alerts.overdue ?? 0) + overdue;
  }

  addDeliveries(status: DeliveryStatus, n: number): void {
    const b = this.bulletin ?? { delivered: 0, viewed: 0, acknowledged: 0, applied: 0, total: 0 };
    b[status] += n;
    this.bulletin = { ...b, total: b.total + n };
  }

  stats(sector: string, withBulletin: boolean): SectorStats {
    const counts = (map: Map<string, Unit>): AffectedCounts => {
      const units = [...map.values()];
      return {
        affected: units.length,
        acknowledged: units.filter((u) => u.open === 0).length,
        remediated: units.filter((u) => u.done === u.all).length,
        overdue: units.filter((u) => u.overdue > 0).length,
      };
    };
    const m = median(this.durations);
    return {
      sector,
      operators: counts(this.orgs),
      assets: counts(this.assets),
      alerts: this.alerts as SectorStats["alerts"],
      medianDaysToRemediate: m === null ? null : Math.round(m * 100) / 100,
      ...(withBulletin && {
        bulletin: this.bulletin ?? { delivered: 0, viewed: 0, acknowledged: 0, applied: 0, total: 0 },
      }),
    };
  }
}

/**
 * The coordinator's sector view of one vulnerability group (or of all alerts): per sector of the
 * affected organisations, how many operators and assets are affected, acknowledged, remediated
 * and overdue, the alerts by status, and the median time to remediate. Counting is done by SQL
 * grouped to (sector, organisation, asset, status), which both dialects run alike; the
 * per-operator and per-asset verdicts and the median are computed here from those groups.
 */
export async function sectorReport(
  db: Kysely<ServerSchema>,
  opts: { readonly vulnId?: string; readonly today: string },
): Promise<SectorReport> {
  const { vulnId, today } = opts;
  const groups = await db
    .selectFrom("alerts as a")
    .innerJoin("organisations as o", "o.id", "a.org_id")
    .select(["o.sector", "a.org_id", "a.asset_id", "a.status"])
    .select((eb) => [
      eb.fn.countAll<number | string>().as("n"),
      sql<number | string>`sum(case when a.due_at < ${today} then 1 else 0 end)`.as("past_due"),
    ])
    .where("a.status", "<>", "closed")
    .$if(vulnId !== undefined, (q) => q.where("a.vuln_id", "=", vulnId as string))
    .groupBy(["o.sector", "a.org_id", "a.asset_id", "a.status"])
    .execute();
  const resolved = await db
    .selectFrom("alerts as a")
    .innerJoin("organisations as o", "o.id", "a.org_id")
    .select(["o.sector", "a.first_detected_at", "a.resolved_at"])
    .where("a.status", "=", "remediated")
    .where("a.resolved_at", "is not", null)
    .$if(vulnId !== undefined, (q) => q.where("a.vuln_id", "=", vulnId as string))
    .execute();
  const bulletin =
    vulnId === undefined
      ? undefined
      : await db.selectFrom("bulletins").select("id").where("vuln_id", "=", vulnId).executeTakeFirst();
  const deliveries =
    bulletin === undefined
      ? []
      : await db
          .selectFrom("bulletin_deliveries as d")
          .innerJoin("organisations as o", "o.id", "d.org_id")
          .select(["o.sector", "d.status"])
          .select((eb) => eb.fn.countAll<number | string>().as("n"))
          .where("d.bulletin_id", "=", bulletin.id)
          .groupBy(["o.sector", "d.status"])
          .execute();

  const bySector = new Map<string, Accumulator>(OPERATOR_SECTORS.map((s) => [s, new Accumulator()]));
  const total = new Accumulator();
  const of = (sector: string | null) => {
    const key = sector ?? UNSPECIFIED_SECTOR;
    let acc = bySector.get(key);
    if (acc === undefined) {
      acc = new Accumulator();
      bySector.set(key, acc);
    }
    return acc;
  };
  for (const g of groups) {
    const n = Number(g.n);
    const overdue = ACTIVE.has(g.status) ? Number(g.past_due) : 0;
    for (const acc of [of(g.sector), total]) acc.add(g.org_id, g.asset_id, g.status, n, overdue);
  }
  for (const r of resolved) {
    const days = (Date.parse(r.resolved_at as string) - Date.parse(r.first_detected_at)) / DAY_MS;
    if (!Number.isFinite(days)) continue;
    for (const acc of [of(r.sector), total]) acc.durations.push(days);
  }
  for (const d of deliveries) {
    if (!(DELIVERY_STATUSES as readonly string[]).includes(d.status)) continue;
    for (const acc of [of(d.sector), total]) acc.addDeliveries(d.status as DeliveryStatus, Number(d.n));
  }
  // Operator sectors in their documented order, then any other value, `unspecified` last.
  const known = new Set<string>(OPERATOR_SECTORS);
  const others = [...bySector.keys()]
    .filter((s) => !known.has(s) && s !== UNSPECIFIED_SECTOR)
    .sort()
    .concat(bySector.has(UNSPECIFIED_SECTOR) ? [UNSPECIFIED_SECTOR] : []);
  const withBulletin = bulletin !== undefined;
  return {
    ...(vulnId !== undefined && { vulnId }),
    ...(bulletin !== undefined && { bulletinId: bulletin.id }),
    today,
    sectors: [...OPERATOR_SECTORS, ...others].map((s) => (bySector.get(s) as Accumulator).stats(s, withBulletin)),
    total: total.stats("all", withBulletin),
  };
}

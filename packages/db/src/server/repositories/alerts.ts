import { randomUUID } from "node:crypto";
import type { FindingDeadline, FindingEpss, FindingKev, FindingSsvc } from "@bulwark/core";
import { BulwarkError, VEX_JUSTIFICATIONS } from "@bulwark/core";
import type { Kysely, Selectable } from "kysely";
import { chunked, IN_LIST_SIZE, rowsPerInsert } from "../knowledge/batches.ts";
import type { AlertEventsTable, AlertsTable, ServerSchema } from "../schema.ts";

/** An alert's lifecycle states; `closed` is the monitor's (its advisory was withdrawn or corrected). */
export const ALERT_STATUSES = [
  "open",
  "acknowledged",
  "in-progress",
  "remediated",
  "not-affected",
  "risk-accepted",
  "closed",
] as const;

/** One of {@link ALERT_STATUSES}. */
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Statuses in which the vulnerability is still being dealt with (counted as outstanding, can be overdue). */
export const ACTIVE_ALERT_STATUSES: readonly AlertStatus[] = ["open", "acknowledged", "in-progress"];

/** What the monitor knows of one vulnerability group in one component: an alert's facts. */
export interface AlertFacts {
  readonly ecosystem: string;
  readonly packageName: string;
  readonly normalizedName: string;
  /** Installed version(s); several when the inventory holds more than one. */
  readonly versions: readonly string[];
  readonly purl?: string;
  readonly vulnId: string;
  readonly advisoryIds: readonly string[];
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly severity: { readonly level: string; readonly score?: number; readonly vector?: string };
  readonly kev?: FindingKev;
  readonly epss?: FindingEpss;
  readonly ssvc?: FindingSsvc;
  readonly timeline?: FindingDeadline;
  readonly priority: number;
  readonly fixedVersions: readonly string[];
}

/** An alert as stored. */
export interface Alert extends AlertFacts {
  readonly id: string;
  readonly orgId: string;
  readonly assetId: string;
  readonly firstDetectedAt: string;
  /** YYYY-MM-DD: the earlier of the KEV listing and the first detection; the timeline counts from it. */
  readonly clockStart: string;
  /** YYYY-MM-DD, when the timeline has a number of days. */
  readonly dueAt?: string;
  readonly status: AlertStatus;
  readonly statusReason?: string;
  readonly justification?: string;
  readonly riskExpiresAt?: string;
  readonly resolvedAt?: string;
  readonly evidenceInventoryId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One entry of an alert's history. */
export interface AlertEvent {
  readonly seq: number;
  readonly alertId: string;
  readonly at: string;
  /** The user who made the change; absent for the monitor. */
  readonly actor?: string;
  readonly from?: AlertStatus;
  readonly to: AlertStatus;
  readonly note?: string;
  readonly details?: Record<string, unknown>;
}

/** Filters of {@link AlertRepository.list}. */
export interface AlertFilter {
  readonly orgId: string;
  readonly statuses?: readonly AlertStatus[];
  readonly assetId?: string;
  /** A vulnerability group key, or any advisory id or alias of the group. */
  readonly vuln?: string;
  /** Only alerts past their due date on this day (YYYY-MM-DD) and still active. */
  readonly overdueOn?: string;
}

/** An alert to open: whose it is, its facts, and details for its `open` event. */
export interface NewAlert {
  readonly orgId: string;
  readonly assetId: string;
  readonly facts: AlertFacts;
  readonly details?: Record<string, unknown>;
}

/** A status change a user asks for. */
export interface AlertStatusChange {
  readonly status: Exclude<AlertStatus, "closed">;
  readonly actor?: string;
  readonly justification?: string;
  readonly reason?: string;
  readonly riskExpiresAt?: string;
  readonly note?: string;
}

const day = (iso: string): string => iso.slice(0, 10);

/** Add days to a YYYY-MM-DD date (UTC). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The clock start and due date of an alert: BOD 26-04 counts from when the vulnerability became
 * known to affect the asset, but a vulnerability already on the KEV list when first seen is
 * already late, so the earlier of KEV `dateAdded` and first detection starts the clock.
 */
export function alertClock(
  firstDetectedAt: string,
  kev: FindingKev | undefined,
  timeline: FindingDeadline | undefined,
): { clockStart: string; dueAt?: string } {
  const detected = day(firstDetectedAt);
  const clockStart = kev !== undefined && kev.dateAdded < detected ? kev.dateAdded : detected;
  return { clockStart, ...(timeline?.days !== undefined && { dueAt: addDays(clockStart, timeline.days) }) };
}

const parse = <T>(text: string | null): T | undefined => (text === null ? undefined : (JSON.parse(text) as T));

function toAlert(r: Selectable<AlertsTable>): Alert {
  return {
    id: r.id,
    orgId: r.org_id,
    assetId: r.asset_id,
    ecosystem: r.ecosystem,
    packageName: r.package_name,
    normalizedName: r.normalized_name,
    versions: r.version.split(", "),
    ...(r.purl !== null && { purl: r.purl }),
    vulnId: r.vuln_id,
    advisoryIds: JSON.parse(r.advisory_ids) as string[],
    aliases: JSON.parse(r.aliases) as string[],
    ...(r.summary !== null && { summary: r.summary }),
    severity: {
      level: r.severity,
      ...(r.severity_score !== null && { score: Number(r.severity_score) }),
      ...(r.severity_vector !== null && { vector: r.severity_vector }),
    },
    ...(r.kev !== null && { kev: parse<FindingKev>(r.kev) }),
    ...(r.epss !== null && { epss: parse<FindingEpss>(r.epss) }),
    ...(r.ssvc !== null && { ssvc: parse<FindingSsvc>(r.ssvc) }),
    ...(r.timeline !== null && { timeline: parse<FindingDeadline>(r.timeline) }),
    priority: Number(r.priority),
    fixedVersions: JSON.parse(r.fixed_versions) as string[],
    firstDetectedAt: r.first_detected_at,
    clockStart: r.clock_start,
    ...(r.due_at !== null && { dueAt: r.due_at }),
    status: r.status as AlertStatus,
    ...(r.status_reason !== null && { statusReason: r.status_reason }),
    ...(r.justification !== null && { justification: r.justification }),
    ...(r.risk_expires_at !== null && { riskExpiresAt: r.risk_expires_at }),
    ...(r.resolved_at !== null && { resolvedAt: r.resolved_at }),
    ...(r.evidence_inventory_id !== null && { evidenceInventoryId: r.evidence_inventory_id }),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toEvent(r: Selectable<AlertEventsTable>): AlertEvent {
  return {
    seq: Number(r.seq),
    alertId: r.alert_id,
    at: r.at,
    ...(r.actor !== null && { actor: r.actor }),
    ...(r.from_status !== null && { from: r.from_status as AlertStatus }),
    to: r.to_status as AlertStatus,
    ...(r.note !== null && { note: r.note }),
    ...(r.details !== null && { details: JSON.parse(r.details) as Record<string, unknown> }),
  };
}

/** The fact columns of an alert row. */
function factColumns(f: AlertFacts) {
  return {
    ecosystem: f.ecosystem,
    package_name: f.packageName,
    normalized_name: f.normalizedName,
    version: f.versions.join(", "),
    purl: f.purl ?? null,
    vuln_id: f.vulnId,
    advisory_ids: JSON.stringify(f.advisoryIds),
    aliases: JSON.stringify(f.aliases),
    summary: f.summary ?? null,
    severity: f.severity.level,
    severity_score: f.severity.score ?? null,
    severity_vector: f.severity.vector ?? null,
    kev: f.kev === undefined ? null : JSON.stringify(f.kev),
    epss: f.epss === undefined ? null : JSON.stringify(f.epss),
    ssvc: f.ssvc === undefined ? null : JSON.stringify(f.ssvc),
    ssvc_decision: f.ssvc?.decision ?? null,
    timeline: f.timeline === undefined ? null : JSON.stringify(f.timeline),
    priority: f.priority,
    fixed_versions: JSON.stringify(f.fixedVersions),
  };
}

/** Whether the facts a user sees changed (version, group, scores, deadline): worth an update. */
export function factsDiffer(a: AlertFacts, b: AlertFacts): boolean {
  const x = factColumns(a);
  const y = factColumns(b);
  return (Object.keys(x) as (keyof typeof x)[]).some((k) => x[k] !== y[k]);
}

/** Which user-requested transitions are allowed: anything but `closed`, which only the monitor sets. */
function checkChange(alert: Alert, change: AlertStatusChange): void {
  if (alert.status === "closed") {
    throw new BulwarkError("BULWARK_OBJECT_CONFLICT", `alert ${alert.id} is closed: ${alert.statusReason ?? ""}`, {
      hint: "A closed alert's advisory was withdrawn; nothing is left to do.",
    });
  }
  if (change.status === "not-affected" && change.justification === undefined) {
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "not-affected needs a VEX justification", {
      hint: `Pass justification: one of ${VEX_JUSTIFICATIONS.join(", ")}.`,
    });
  }
  if (change.justification !== undefined && !(VEX_JUSTIFICATIONS as readonly string[]).includes(change.justification)) {
    throw new BulwarkError("BULWARK_REQUEST_INVALID", `unknown VEX justification ${change.justification}`, {
      hint: `Use one of ${VEX_JUSTIFICATIONS.join(", ")}.`,
    });
  }
  if (change.status === "risk-accepted" && (change.riskExpiresAt === undefined || change.reason === undefined)) {
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "risk-accepted needs an expiry date and a reason", {
      hint: "Pass expiresAt (YYYY-MM-DD) and reason.",
    });
  }
}

/**
 * Alerts and their history. Writes go through the caller's transaction when the repository was
 * made on one: the monitor writes a whole reconciliation (alerts, their advisories, events) at once.
 */
export class AlertRepository {
  readonly #db: Kysely<ServerSchema>;

  constructor(db: Kysely<ServerSchema>) {
    this.#db = db;
  }

  /** By id. */
  async byId(id: string): Promise<Alert | undefined> {
    const row = await this.#db.selectFrom("alerts").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toAlert(row);
  }

  /** An asset's alerts, optionally only those of these normalised package names. */
  async ofAsset(assetId: string, names?: readonly string[]): Promise<Alert[]> {
    if (names === undefined) {
      return (await this.#db.selectFrom("alerts").selectAll().where("asset_id", "=", assetId).execute()).map(toAlert);
    }
    const out: Alert[] = [];
    for (const part of chunked([...new Set(names)], IN_LIST_SIZE)) {
      const rows = await this.#db
        .selectFrom("alerts")
        .selectAll()
        .where("asset_id", "=", assetId)
        .where("normalized_name", "in", part)
        .execute();
      out.push(...rows.map(toAlert));
    }
    return out;
  }

  /** The alerts of many assets at once, only those of these normalised package names, by asset. */
  async ofAssets(assetIds: readonly string[], names: readonly string[]): Promise<Map<string, Alert[]>> {
    const out = new Map<string, Alert[]>();
    const nameList = [...new Set(names)];
    for (const assets of chunked([...new Set(assetIds)], IN_LIST_SIZE)) {
      for (const part of chunked(nameList, IN_LIST_SIZE)) {
        const rows = await this.#db
          .selectFrom("alerts")
          .selectAll()
          .where("asset_id", "in", assets)
          .where("normalized_name", "in", part)
          .execute();
        for (const r of rows) {
          const list = out.get(r.asset_id);
          if (list === undefined) out.set(r.asset_id, [toAlert(r)]);
          else list.push(toAlert(r));
        }
      }
    }
    return out;
  }

  /**
   * Per asset, its active alerts (open, acknowledged, in progress) and how many of those are past
   * their due date on `day` (YYYY-MM-DD); assets with none are absent.
   */
  async activeCounts(
    assetIds: readonly string[],
    day: string,
  ): Promise<Map<string, { active: number; overdue: number }>> {
    const out = new Map<string, { active: number; overdue: number }>();
    const ids = [...new Set(assetIds)];
    for (const part of chunked(ids, IN_LIST_SIZE)) {
      const rows = await this.#db
        .selectFrom("alerts")
        .select((eb) => [
          "asset_id",
          eb.fn.countAll().as("active"),
          eb.fn.count(eb.case().when("due_at", "<", day).then(1).end()).as("overdue"),
        ])
        .where("asset_id", "in", part)
        .where("status", "in", ACTIVE_ALERT_STATUSES)
        .groupBy("asset_id")
        .execute();
      for (const r of rows) out.set(r.asset_id, { active: Number(r.active), overdue: Number(r.overdue) });
    }
    return out;
  }

  /** Risk-accepted alerts whose acceptance expired before `day` (YYYY-MM-DD), oldest expiry first. */
  async riskAcceptedBefore(day: string): Promise<Alert[]> {
    const rows = await this.#db
      .selectFrom("alerts")
      .selectAll()
      .where("status", "=", "risk-accepted")
      .where("risk_expires_at", "<", day)
      .orderBy("risk_expires_at")
      .orderBy("id")
      .execute();
    return rows.map(toAlert);
  }

  /** The (asset, normalised name) of alerts whose group includes any of these advisories. */
  async packagesOfAdvisories(advisoryIds: readonly string[]): Promise<{ assetId: string; normalizedName: string }[]> {
    const out: { assetId: string; normalizedName: string }[] = [];
    for (const part of chunked([...new Set(advisoryIds)], IN_LIST_SIZE)) {
      const rows = await this.#db
        .selectFrom("alert_advisories as aa")
        .innerJoin("alerts as a", "a.id", "aa.alert_id")
        .select(["a.asset_id", "a.normalized_name"])
        .distinct()
        .where("aa.advisory_id", "in", part)
        .execute();
      for (const r of rows) out.push({ assetId: r.asset_id, normalizedName: r.normalized_name });
    }
    return out;
  }

  /**
   * A page of an organisation's alerts, most urgent first (priority, then due date, then id),
   * after the `after` key (`priority|id` of the last row of the previous page).
   */
  async list(filter: AlertFilter, opts: { after?: string; limit: number }): Promise<Alert[]> {
    let q = this.#db.selectFrom("alerts").selectAll().where("org_id", "=", filter.orgId);
    if (filter.statuses !== undefined && filter.statuses.length > 0) q = q.where("status", "in", filter.statuses);
    if (filter.assetId !== undefined) q = q.where("asset_id", "=", filter.assetId);
    if (filter.vuln !== undefined) {
      const vuln = filter.vuln;
      q = q.where((eb) =>
        eb.or([
          eb("vuln_id", "=", vuln),
          eb.exists(
            eb
              .selectFrom("alert_advisories as aa")
              .select("aa.alert_id")
              .whereRef("aa.alert_id", "=", "alerts.id")
              .where("aa.advisory_id", "=", vuln),
          ),
        ]),
      );
    }
    if (filter.overdueOn !== undefined) {
      q = q.where("due_at", "<", filter.overdueOn).where("status", "in", ACTIVE_ALERT_STATUSES);
    }
    if (opts.after !== undefined) {
      const cut = opts.after.indexOf("|");
      const priority = Number(opts.after.slice(0, cut));
      const id = opts.after.slice(cut + 1);
      q = q.where((eb) =>
        eb.or([eb("priority", "<", priority), eb.and([eb("priority", "=", priority), eb("id", ">", id)])]),
      );
    }
    const rows = await q.orderBy("priority", "desc").orderBy("id").limit(opts.limit).execute();
    return rows.map(toAlert);
  }

  /** The paging key of an alert in {@link list}'s order. */
  static pageKey(a: Alert): string {
    return `${a.priority}|${a.id}`;
  }

  /** An alert's history, oldest first. */
  async history(alertId: string): Promise<AlertEvent[]> {
    const rows = await this.#db
      .selectFrom("alert_events")
      .selectAll()
      .where("alert_id", "=", alertId)
      .orderBy("seq")
      .execute();
    return rows.map(toEvent);
  }

  /** Open a new alert (status `open`) and record the event. */
  async open(
    orgId: string,
    assetId: string,
    facts: AlertFacts,
    now: Date,
    details: Record<string, unknown> = {},
  ): Promise<Alert> {
    return (await this.openMany([{ orgId, assetId, facts, details }], now))[0] as Alert;
  }

  /**
   * Open many alerts at once, each with its `open` event: a first upload can open thousands, an
   * advisory for a common package one in each of thousands of assets, and multi-row statements
   * keep that to a few round trips on PostgreSQL.
   */
  async openMany(items: readonly NewAlert[], now: Date): Promise<Alert[]> {
    const at = now.toISOString();
    const alerts: Selectable<AlertsTable>[] = [];
    const links: { alert_id: string; advisory_id: string }[] = [];
    const events: Omit<Selectable<AlertEventsTable>, "seq">[] = [];
    for (const { orgId, assetId, facts, details } of items) {
      const clock = alertClock(at, facts.kev, facts.timeline);
      const id = randomUUID();
      alerts.push({
        id,
        org_id: orgId,
        asset_id: assetId,
        ...factColumns(facts),
        first_detected_at: at,
        clock_start: clock.clockStart,
        due_at: clock.dueAt ?? null,
        status: "open",
        status_reason: null,
        justification: null,
        risk_expires_at: null,
        resolved_at: null,
        evidence_inventory_id: null,
        created_at: at,
        updated_at: at,
      });
      for (const advisory_id of new Set(facts.advisoryIds)) links.push({ alert_id: id, advisory_id });
      events.push({
        alert_id: id,
        org_id: orgId,
        at,
        actor: null,
        from_status: null,
        to_status: "open",
        note: null,
        details: JSON.stringify({ ...details, vulnId: facts.vulnId, dueAt: clock.dueAt ?? null }),
      });
    }
    for (const part of chunked(alerts, rowsPerInsert(33))) await this.#db.insertInto("alerts").values(part).execute();
    for (const part of chunked(links, rowsPerInsert(2)))
      await this.#db.insertInto("alert_advisories").values(part).execute();
    for (const part of chunked(events, rowsPerInsert(8)))
      await this.#db.insertInto("alert_events").values(part).execute();
    return alerts.map(toAlert);
  }

  /** Replace an alert's facts (the status is left alone); the due date follows a new KEV listing or timeline. */
  async updateFacts(alert: Alert, facts: AlertFacts, now: Date): Promise<void> {
    const clock = alertClock(alert.firstDetectedAt, facts.kev, facts.timeline);
    await this.#db
      .updateTable("alerts")
      .set({
        ...factColumns(facts),
        clock_start: clock.clockStart,
        due_at: clock.dueAt ?? null,
        updated_at: now.toISOString(),
      })
      .where("id", "=", alert.id)
      .execute();
    if (facts.advisoryIds.join("\n") !== alert.advisoryIds.join("\n"))
      await this.#setAdvisories(alert.id, facts.advisoryIds);
  }

  /**
   * The monitor's status changes: reopen (the component is vulnerable again, or a risk
   * acceptance expired), remediate (an upload shows it fixed or gone: `evidenceInventoryId`),
   * close (the advisory was withdrawn or no longer lists the version).
   */
  async setBySystem(
    alert: Alert,
    to: "open" | "remediated" | "closed",
    now: Date,
    opts: { reason?: string; evidenceInventoryId?: string; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    const at = now.toISOString();
    await this.#db
      .updateTable("alerts")
      .set({
        status: to,
        status_reason: opts.reason ?? null,
        justification: null,
        risk_expires_at: null,
        resolved_at: to === "open" ? null : at,
        evidence_inventory_id: opts.evidenceInventoryId ?? null,
        updated_at: at,
      })
      .where("id", "=", alert.id)
      .execute();
    await this.#event(alert.id, alert.orgId, at, {
      from: alert.status,
      to,
      ...(opts.reason !== undefined && { note: opts.reason }),
      details: {
        ...opts.details,
        ...(opts.evidenceInventoryId !== undefined && { inventoryId: opts.evidenceInventoryId }),
      },
    });
  }

  /** A user's status change, checked (VEX justification for not-affected, expiry and reason for risk-accepted). */
  async changeStatus(id: string, change: AlertStatusChange, now: Date): Promise<Alert> {
    const alert = await this.byId(id);
    if (alert === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no alert ${id}`);
    checkChange(alert, change);
    const at = now.toISOString();
    const resolved =
      change.status === "remediated" || change.status === "not-affected" || change.status === "risk-accepted";
    await this.#db
      .updateTable("alerts")
      .set({
        status: change.status,
        status_reason: change.reason ?? null,
        justification: change.status === "not-affected" ? (change.justification ?? null) : null,
        risk_expires_at: change.status === "risk-accepted" ? (change.riskExpiresAt ?? null) : null,
        resolved_at: resolved ? at : null,
        evidence_inventory_id: null,
        updated_at: at,
      })
      .where("id", "=", id)
      .execute();
    await this.#event(id, alert.orgId, at, {
      from: alert.status,
      to: change.status,
      ...(change.actor !== undefined && { actor: change.actor }),
      ...(change.note !== undefined && { note: change.note }),
      details: {
        ...(change.justification !== undefined && { justification: change.justification }),
        ...(change.reason !== undefined && { reason: change.reason }),
        ...(change.riskExpiresAt !== undefined && { expiresAt: change.riskExpiresAt }),
      },
    });
    return (await this.byId(id)) as Alert;
  }

  async #setAdvisories(alertId: string, ids: readonly string[]): Promise<void> {
    await this.#db.deleteFrom("alert_advisories").where("alert_id", "=", alertId).execute();
    if (ids.length > 0) {
      await this.#db
        .insertInto("alert_advisories")
        .values([...new Set(ids)].map((advisory_id) => ({ alert_id: alertId, advisory_id })))
        .execute();
    }
  }

  async #event(
    alertId: string,
    orgId: string,
    at: string,
    e: { from?: AlertStatus; to: AlertStatus; actor?: string; note?: string; details?: Record<string, unknown> },
  ): Promise<void> {
    const details = e.details !== undefined && Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : null;
    await this.#db
      .insertInto("alert_events")
      .values({
        alert_id: alertId,
        org_id: orgId,
        at,
        actor: e.actor ?? null,
        from_status: e.from ?? null,
        to_status: e.to,
        note: e.note ?? null,
        details,
      })
      .execute();
  }
}

import { randomUUID } from "node:crypto";
import {
  advanceCursor,
  type Bulletin,
  BulletinRepository,
  readCursorForUpdate,
  type ServerDb,
  type ServerSchema,
} from "@bulwark/db";
import type { Kysely } from "kysely";

/** The `job_cursors` row of the delivery pass: its position in `alert_events`. */
export const BULLETINS_CURSOR = "bulletins";

/** Events read per pass. */
export const DEFAULT_BULLETIN_BATCH = 500;

/** The inbox items' kind. */
export const BULLETIN_INBOX_KIND = "bulletin";

const SEVERITY_ORDER = ["critical", "high", "medium", "low", "unknown"];

/** A bulletin that reached an operator now, and how many of its members were told. */
export interface NewDelivery {
  readonly bulletinId: string;
  readonly orgId: string;
  readonly recipients: number;
}

/** What one delivery pass did. */
export interface BulletinDeliveryReport {
  /** Alert events read (every kind; only openings deliver). */
  readonly events: number;
  readonly delivered: readonly NewDelivery[];
  /** Whether the batch was full, so more events may be waiting. */
  readonly more: boolean;
}

/** The worst severity of the operator's alerts for the vulnerability (for the inbox item). */
function worst(severities: readonly string[]): string | undefined {
  return [...severities].sort((a, b) => rank(a) - rank(b))[0];
}

function rank(severity: string): number {
  const i = SEVERITY_ORDER.indexOf(severity);
  return i < 0 ? SEVERITY_ORDER.length : i;
}

/**
 * Deliver a bulletin to these organisations in the caller's transaction: a `delivered` row for each
 * that has none, and for each of those an inbox item to every enabled member listing the
 * organisation's affected assets. Organisations that already had it are left alone, so running
 * this again (another node, a reopened alert) tells nobody twice.
 */
export async function deliverBulletinTo(
  trx: Kysely<ServerSchema>,
  bulletin: Bulletin,
  orgIds: readonly string[],
  now: Date,
): Promise<NewDelivery[]> {
  const repo = new BulletinRepository(trx);
  const fresh = await repo.deliver(bulletin.id, orgIds, now);
  const out: NewDelivery[] = [];
  for (const orgId of fresh) {
    const assets = await repo.affectedAssets(bulletin.vulnId, orgId);
    const members = await trx
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select("u.id")
      .where("m.org_id", "=", orgId)
      .where("u.disabled_at", "is", null)
      .orderBy("u.id")
      .execute();
    const severity = worst(assets.flatMap((a) => a.components.map((c) => c.severity)));
    const listed = assets.map(
      (a) => `${a.name} (${a.components.map((c) => `${c.ecosystem} ${c.name} ${c.version}`).join(", ")})`,
    );
    const fixes = bulletin.fixes
      .filter((f) => f.fixedVersions.length > 0)
      .map((f) => `${f.ecosystem} ${f.name} ${f.fixedVersions.join(" or ")}`);
    const body = [
      listed.length > 0 ? `Your affected assets: ${listed.join("; ")}.` : "None of your assets is affected now.",
      ...(fixes.length > 0 ? [`Fixed in: ${fixes.join("; ")}.`] : []),
      "Open the bulletin for the instructions and signed patches, then acknowledge it and report it applied.",
    ].join("\n");
    const rows = members.map((m) => ({
      id: randomUUID(),
      user_id: m.id,
      org_id: orgId,
      kind: BULLETIN_INBOX_KIND,
      severity: severity ?? null,
      title: `Remediation bulletin for ${bulletin.vulnId}: ${bulletin.title}`.slice(0, 300),
      body,
      link: `/api/v1/bulletins/${bulletin.id}`,
      subject_id: bulletin.id,
      created_at: now.toISOString(),
      read_at: null,
      // E-mail for bulletins is not wired yet: the in-app inbox carries them.
      email_mode: "none",
      emailed_at: null,
    }));
    // 14 columns a row: 400 rows stay under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 400) {
      await trx
        .insertInto("inbox_items")
        .values(rows.slice(i, i + 400))
        .execute();
    }
    out.push({ bulletinId: bulletin.id, orgId, recipients: rows.length });
  }
  return out;
}

/** Deliver a bulletin at once to every organisation with an alert for its vulnerability that is not withdrawn. */
export async function deliverToAffected(
  trx: Kysely<ServerSchema>,
  bulletin: Bulletin,
  now: Date,
): Promise<NewDelivery[]> {
  const orgIds = await new BulletinRepository(trx).affectedOrgIds(bulletin.vulnId);
  return deliverBulletinTo(trx, bulletin, orgIds, now);
}

/**
 * One pass of bulletin delivery: follow `alert_events` from the `bulletins` cursor and, for each
 * alert that opened (or reopened) in an organisation whose vulnerability has a bulletin, deliver
 * the bulletin there. The deliveries and the cursor advance commit together, with the cursor row
 * locked first, so two nodes never deliver the same events.
 */
export async function deliverBulletins(
  db: ServerDb,
  opts: { readonly now: () => Date; readonly batchSize?: number },
): Promise<BulletinDeliveryReport> {
  const batch = opts.batchSize ?? DEFAULT_BULLETIN_BATCH;
  return db.kysely.transaction().execute(async (trx) => {
    const now = opts.now();
    const position = await readCursorForUpdate(trx, BULLETINS_CURSOR, now);
    const events = await trx
      .selectFrom("alert_events as e")
      .leftJoin("alerts as a", "a.id", "e.alert_id")
      .select(["e.seq", "e.org_id", "e.to_status", "a.vuln_id"])
      .where("e.seq", ">", position)
      .orderBy("e.seq")
      .limit(batch)
      .execute();
    const last = events.at(-1);
    if (last === undefined) return { events: 0, delivered: [], more: false };
    // Openings grouped by vulnerability, each with the organisations it opened in.
    const opened = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.to_status !== "open" || e.vuln_id === null) continue;
      const orgs = opened.get(e.vuln_id) ?? new Set<string>();
      orgs.add(e.org_id);
      opened.set(e.vuln_id, orgs);
    }
    const repo = new BulletinRepository(trx);
    const delivered: NewDelivery[] = [];
    for (const [vulnId, orgs] of opened) {
      const bulletin = await repo.byVuln(vulnId);
      if (bulletin !== undefined) delivered.push(...(await deliverBulletinTo(trx, bulletin, [...orgs], now)));
    }
    await advanceCursor(trx, BULLETINS_CURSOR, Number(last.seq), now);
    return { events: events.length, delivered, more: events.length === batch };
  });
}

import {
  advanceCursor,
  type Bulletin,
  BulletinRepository,
  type EmailMode,
  InboxRepository,
  OutboxRepository,
  readCursorForUpdate,
  type ServerDb,
  type ServerSchema,
} from "@bulwark/db";
import type { Kysely } from "kysely";
import { immediateEmail } from "../notify/email-content.ts";
import type { EmailPayload } from "../notify/mailer.ts";
import { emailModeFor, orgRecipients } from "../notify/recipients.ts";

/** The `job_cursors` row of the delivery pass: its position in `alert_events`. */
export const BULLETINS_CURSOR = "bulletins";

/** Events read per pass. */
export const DEFAULT_BULLETIN_BATCH = 500;

/** Whether e-mail is configured, and the public URL its links start with (as for alerts). */
export interface BulletinNotifyOptions {
  readonly email?: boolean;
  readonly publicUrl?: string;
}

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
  notify: BulletinNotifyOptions = {},
): Promise<NewDelivery[]> {
  const repo = new BulletinRepository(trx);
  const fresh = await repo.deliver(bulletin.id, orgIds, now);
  const recipients = await orgRecipients(trx, fresh);
  const outbox = new OutboxRepository(trx);
  const out: NewDelivery[] = [];
  for (const orgId of fresh) {
    const assets = await repo.affectedAssets(bulletin.vulnId, orgId);
    const severity = worst(assets.flatMap((a) => a.components.map((c) => c.severity)));
    const listed = assets.map(
      (a) => `${a.name} (${a.components.map((c) => `${c.ecosystem} ${c.name} ${c.version}`).join(", ")})`,
    );
    const fixes = bulletin.fixes
      .filter((f) => f.fixedVersions.length > 0)
      .map((f) => `${f.ecosystem} ${f.name} ${f.fixedVersions.join(" or ")}`);
    const title = `Remediation bulletin for ${bulletin.vulnId}: ${bulletin.title}`.slice(0, 300);
    const body = [
      listed.length > 0 ? `Your affected assets: ${listed.join("; ")}.` : "None of your assets is affected now.",
      ...(fixes.length > 0 ? [`Fixed in: ${fixes.join("; ")}.`] : []),
      "Open the bulletin for the instructions and signed patches, then acknowledge it and report it applied.",
    ].join("\n");
    const link = `/api/v1/bulletins/${bulletin.id}`;
    const members = recipients.get(orgId) ?? [];
    // E-mailed by the same per-severity preferences as alerts: at once, in the digest, or not.
    const modes = members.map((r) => emailModeFor(r.prefs, severity, notify.email ?? false));
    const added = await new InboxRepository(trx).add(
      members.map((r, i) => ({
        userId: r.userId,
        orgId,
        kind: BULLETIN_INBOX_KIND,
        ...(severity !== undefined && { severity }),
        title,
        body,
        link,
        subjectId: bulletin.id,
        emailMode: modes[i] as EmailMode,
        ...(modes[i] === "immediate" && { emailedAt: now }),
      })),
      now,
    );
    for (const [i, r] of members.entries()) {
      if (modes[i] !== "immediate") continue;
      const entry = {
        kind: BULLETIN_INBOX_KIND,
        ...(severity !== undefined && { severity }),
        title,
        body,
        link,
        shortName: bulletin.vulnId,
      };
      const content = immediateEmail(r, [entry], notify.publicUrl === undefined ? {} : { publicUrl: notify.publicUrl });
      const payload: EmailPayload = { to: r.email, ...content, kind: "alerts", itemIds: [added[i]?.id as string] };
      await outbox.enqueue({ kind: "email", targetId: r.userId, payload }, now);
    }
    out.push({ bulletinId: bulletin.id, orgId, recipients: members.length });
  }
  return out;
}

/** Deliver a bulletin at once to every organisation with an alert for its vulnerability that is not withdrawn. */
export async function deliverToAffected(
  trx: Kysely<ServerSchema>,
  bulletin: Bulletin,
  now: Date,
  notify: BulletinNotifyOptions = {},
): Promise<NewDelivery[]> {
  const orgIds = await new BulletinRepository(trx).affectedOrgIds(bulletin.vulnId);
  return deliverBulletinTo(trx, bulletin, orgIds, now, notify);
}

/**
 * One pass of bulletin delivery: follow `alert_events` from the `bulletins` cursor and, for each
 * alert that opened (or reopened) in an organisation whose vulnerability has a bulletin, deliver
 * the bulletin there. The deliveries and the cursor advance commit together, with the cursor row
 * locked first, so two nodes never deliver the same events.
 */
export async function deliverBulletins(
  db: ServerDb,
  opts: { readonly now: () => Date; readonly batchSize?: number } & BulletinNotifyOptions,
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
      if (bulletin !== undefined) delivered.push(...(await deliverBulletinTo(trx, bulletin, [...orgs], now, opts)));
    }
    await advanceCursor(trx, BULLETINS_CURSOR, Number(last.seq), now);
    return { events: events.length, delivered, more: events.length === batch };
  });
}

import {
  advanceCursor,
  InboxRepository,
  type NewInboxItem,
  OutboxRepository,
  readCursorForUpdate,
  type ServerDb,
} from "@bulwark/db";
import {
  type AlertEventRow,
  type AlertNotice,
  type AlertRow,
  alertItemText,
  alertShortName,
  alertWebhookData,
  noticeOf,
} from "./alert-content.ts";
import { type EmailEntry, immediateEmail } from "./email-content.ts";
import type { EmailPayload } from "./mailer.ts";
import { emailModeFor, type NotifyOptions, orgRecipients, type Recipient } from "./recipients.ts";

/** The notifier's cursor in `alert_events`. */
export const NOTIFY_CURSOR = "notify";

/** Options of {@link notifyAlertEvents}. */
export interface AlertNotifyOptions extends NotifyOptions {
  /** Events read per pass (default 500); the next pass continues after them. */
  readonly batchSize?: number;
}

/** What one pass did. */
export interface AlertNotifyReport {
  /** `alert_events` rows the cursor moved past. */
  readonly events: number;
  /** Of those, the ones people are told about (opened, reopened, closed, remediated by the monitor). */
  readonly notices: number;
  readonly inboxItems: number;
  /** Immediate e-mails queued: at most one per user per pass. */
  readonly emails: number;
  readonly webhookMessages: number;
  /** The cursor after the pass. */
  readonly position: number;
}

// Chunks of ids for IN lists, far below both dialects' bound-parameter limits.
const IN_CHUNK = 500;

async function alertsById(trx: ServerDb["kysely"], ids: readonly string[]): Promise<Map<string, AlertRow>> {
  const out = new Map<string, AlertRow>();
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const rows = await trx
      .selectFrom("alerts as a")
      .innerJoin("assets as s", "s.id", "a.asset_id")
      .selectAll("a")
      .select("s.name as asset_name")
      .where("a.id", "in", ids.slice(i, i + IN_CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

async function namesAndHooks(
  trx: ServerDb["kysely"],
  orgIds: readonly string[],
): Promise<{ names: Map<string, string>; hooks: Map<string, string[]> }> {
  const names = new Map<string, string>();
  const hooks = new Map<string, string[]>();
  for (let i = 0; i < orgIds.length; i += IN_CHUNK) {
    const part = orgIds.slice(i, i + IN_CHUNK);
    for (const o of await trx.selectFrom("organisations").select(["id", "name"]).where("id", "in", part).execute()) {
      names.set(o.id, o.name);
    }
    const rows = await trx
      .selectFrom("webhooks")
      .select(["id", "org_id"])
      .where("org_id", "in", part)
      .where("enabled", "=", 1)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    for (const h of rows) hooks.set(h.org_id, [...(hooks.get(h.org_id) ?? []), h.id]);
  }
  return { names, hooks };
}

/**
 * One pass of the notifier over `alert_events` (cursor `notify`): for each new event that is a
 * notice, an inbox item for every enabled member of the alert's organisation, its e-mail mode
 * decided from the member's preference for the alert's severity; one immediate e-mail per user
 * listing all of the pass's immediate items; and for each enabled webhook of the organisation a
 * signed-later `{type, timestamp, data}` outbox message. Everything, with the cursor's advance,
 * is one transaction holding the cursor's lock, so two nodes never notify the same event twice
 * and a failed pass leaves nothing half-sent.
 */
export async function notifyAlertEvents(db: ServerDb, opts: AlertNotifyOptions): Promise<AlertNotifyReport> {
  const now = opts.now();
  return db.kysely.transaction().execute(async (trx): Promise<AlertNotifyReport> => {
    const position = await readCursorForUpdate(trx, NOTIFY_CURSOR, now);
    const rows = await trx
      .selectFrom("alert_events")
      .select(["seq", "alert_id", "org_id", "at", "actor", "from_status", "to_status", "note"])
      .where("seq", ">", position)
      .orderBy("seq")
      .limit(opts.batchSize ?? 500)
      .execute();
    const last = rows.at(-1);
    if (last === undefined) {
      return { events: 0, notices: 0, inboxItems: 0, emails: 0, webhookMessages: 0, position };
    }
    const notices = rows.flatMap((r) => {
      const event: AlertEventRow = { ...r, seq: Number(r.seq) };
      const notice = noticeOf(event);
      return notice === undefined ? [] : [{ event, notice }];
    });
    const alerts = await alertsById(trx, [...new Set(notices.map((n) => n.event.alert_id))]);
    const orgIds = [...new Set([...alerts.values()].map((a) => a.org_id))];
    const recipients = await orgRecipients(trx, orgIds);
    const { names, hooks } = await namesAndHooks(trx, orgIds);

    const outbox = new OutboxRepository(trx);
    const items: NewInboxItem[] = [];
    // Per user, the items (by index in `items`) of their one immediate e-mail, and its entries.
    const immediate = new Map<string, { recipient: Recipient; indexes: number[]; entries: EmailEntry[] }>();
    let webhookMessages = 0;
    for (const { event, notice } of notices) {
      const alert = alerts.get(event.alert_id);
      if (alert === undefined) continue;
      const text = alertItemText(notice, alert);
      const link = `/api/v1/alerts/${alert.id}`;
      for (const r of recipients.get(alert.org_id) ?? []) {
        const mode = emailModeFor(r.prefs, alert.severity, opts.email);
        items.push({
          userId: r.userId,
          orgId: alert.org_id,
          kind: notice,
          severity: alert.severity,
          ...text,
          link,
          subjectId: alert.id,
          emailMode: mode,
          ...(mode === "immediate" && { emailedAt: now }),
        });
        if (mode === "immediate") {
          const group = immediate.get(r.userId) ?? { recipient: r, indexes: [], entries: [] };
          group.indexes.push(items.length - 1);
          group.entries.push(entryOf(notice, alert, text, link, names.get(alert.org_id)));
          immediate.set(r.userId, group);
        }
      }
      for (const hookId of hooks.get(alert.org_id) ?? []) {
        await outbox.enqueue(
          {
            kind: "webhook",
            targetId: hookId,
            payload: { type: notice, timestamp: event.at, data: alertWebhookData(alert, event, now) },
          },
          now,
        );
        webhookMessages++;
      }
    }
    const added = await new InboxRepository(trx).add(items, now);
    for (const { recipient, indexes, entries } of immediate.values()) {
      const content = immediateEmail(
        recipient,
        entries,
        opts.publicUrl === undefined ? {} : { publicUrl: opts.publicUrl },
      );
      const payload: EmailPayload = {
        to: recipient.email,
        ...content,
        kind: "alerts",
        itemIds: indexes.map((i) => added[i]?.id as string),
      };
      await outbox.enqueue({ kind: "email", targetId: recipient.userId, payload }, now);
    }
    const next = Number(last.seq);
    await advanceCursor(trx, NOTIFY_CURSOR, next, now);
    return {
      events: rows.length,
      notices: notices.length,
      inboxItems: added.length,
      emails: immediate.size,
      webhookMessages,
      position: next,
    };
  });
}

function entryOf(
  notice: AlertNotice,
  alert: AlertRow,
  text: { title: string; body: string },
  link: string,
  orgName: string | undefined,
): EmailEntry {
  return {
    kind: notice,
    severity: alert.severity,
    ...text,
    link,
    shortName: alertShortName(alert),
    ...(orgName !== undefined && { orgName }),
  };
}

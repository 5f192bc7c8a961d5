import { InboxRepository, OutboxRepository, type ServerDb } from "@bulwark/db";
import { type EmailEntry, noticeEmail } from "./email-content.ts";
import type { EmailPayload } from "./mailer.ts";
import { emailModeFor, type NotifyOptions, orgRecipients } from "./recipients.ts";

/** The severity whose preference decides how a disabled-webhook notice is e-mailed. */
export const WEBHOOK_NOTICE_SEVERITY = "high";

/** The disabled webhook. */
export interface DisabledWebhook {
  readonly orgId: string;
  readonly webhookId: string;
  readonly url: string;
  readonly reason: string;
}

/**
 * Tell the organisation's owners and admins (who manage its webhooks) that a webhook was
 * disabled: an inbox item each, and an e-mail to those whose preference for `high` is immediate
 * (digest-mode items wait for the digest). Run it in the transaction that disables the webhook.
 * Returns the number of inbox items added.
 */
export async function noticeWebhookDisabled(
  trx: ServerDb["kysely"],
  hook: DisabledWebhook,
  now: Date,
  opts: Omit<NotifyOptions, "now">,
): Promise<number> {
  const admins = (await orgRecipients(trx, [hook.orgId], { action: "manage-tokens" })).get(hook.orgId) ?? [];
  if (admins.length === 0) return 0;
  const org = await trx.selectFrom("organisations").select("name").where("id", "=", hook.orgId).executeTakeFirst();
  const entry: EmailEntry = {
    kind: "webhook.disabled",
    severity: WEBHOOK_NOTICE_SEVERITY,
    title: `Webhook disabled: ${hook.url}`,
    body: `Bulwark stopped delivering to ${hook.url}: ${hook.reason}. Messages still queued for it were dropped. Fix the endpoint, then delete the webhook and add it again.`,
    link: `/api/v1/orgs/${hook.orgId}/webhooks`,
    ...(org !== undefined && { orgName: org.name }),
  };
  const modes = admins.map((a) => emailModeFor(a.prefs, WEBHOOK_NOTICE_SEVERITY, opts.email));
  const added = await new InboxRepository(trx).add(
    admins.map((a, i) => ({
      userId: a.userId,
      orgId: hook.orgId,
      kind: entry.kind,
      severity: WEBHOOK_NOTICE_SEVERITY,
      title: entry.title,
      body: entry.body,
      link: entry.link as string,
      subjectId: hook.webhookId,
      emailMode: modes[i] ?? "none",
      ...(modes[i] === "immediate" && { emailedAt: now }),
    })),
    now,
  );
  const outbox = new OutboxRepository(trx);
  for (const [i, admin] of admins.entries()) {
    if (modes[i] !== "immediate") continue;
    const content = noticeEmail(admin, entry, opts.publicUrl === undefined ? {} : { publicUrl: opts.publicUrl });
    const payload: EmailPayload = {
      to: admin.email,
      ...content,
      kind: "notice",
      itemIds: [added[i]?.id as string],
    };
    await outbox.enqueue({ kind: "email", targetId: admin.userId, payload }, now);
  }
  return added.length;
}

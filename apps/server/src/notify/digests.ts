import { InboxRepository, OutboxRepository, type ServerDb } from "@bulwark/db";
import { digestEmail, type EmailEntry } from "./email-content.ts";
import type { EmailPayload } from "./mailer.ts";
import type { NotifyOptions } from "./recipients.ts";

/** The name of the job that sends the daily e-mail digest. */
export const NOTIFY_DIGEST_JOB = "notify.digest";

/** Daily at 07:05 UTC (`BULWARK_DIGEST_CRON` overrides it): before a European working day starts. */
export const NOTIFY_DIGEST_CRON = "5 7 * * *";

/** What one digest run did. */
export interface DigestReport {
  /** Digest e-mails queued (one per user). */
  readonly emails: number;
  /** Inbox items they list. */
  readonly items: number;
}

/**
 * The daily digest: for each user with inbox items in `digest` mode not yet e-mailed, one e-mail
 * listing them, queued in the outbox in the same transaction that marks the items e-mailed, one
 * user at a time. Idempotent: a second run, on this node or another, finds the items taken and
 * queues nothing. Without e-mail configured it does nothing and the items wait; a disabled user's
 * items are marked without an e-mail.
 */
export async function sendDigests(db: ServerDb, opts: NotifyOptions): Promise<DigestReport> {
  if (!opts.email) return { emails: 0, items: 0 };
  let emails = 0;
  let items = 0;
  for (const userId of await new InboxRepository(db.kysely).usersAwaitingDigest()) {
    const now = opts.now();
    const queued = await db.kysely.transaction().execute(async (trx) => {
      const taken = await new InboxRepository(trx).takeDigest(userId, now);
      const user = await trx
        .selectFrom("users")
        .select(["email", "display_name", "disabled_at"])
        .where("id", "=", userId)
        .executeTakeFirst();
      if (taken.length === 0 || user === undefined || user.disabled_at !== null) return 0;
      const orgIds = [...new Set(taken.flatMap((i) => (i.orgId === undefined ? [] : [i.orgId])))];
      const orgNames = new Map(
        orgIds.length === 0
          ? []
          : (await trx.selectFrom("organisations").select(["id", "name"]).where("id", "in", orgIds).execute()).map(
              (o) => [o.id, o.name] as const,
            ),
      );
      const entries: EmailEntry[] = taken.map((i) => {
        const orgName = i.orgId === undefined ? undefined : orgNames.get(i.orgId);
        return {
          kind: i.kind,
          ...(i.severity !== undefined && { severity: i.severity }),
          title: i.title,
          body: i.body,
          ...(i.link !== undefined && { link: i.link }),
          ...(orgName !== undefined && { orgName }),
        };
      });
      const content = digestEmail({ displayName: user.display_name }, entries, {
        date: now.toISOString().slice(0, 10),
        ...(opts.publicUrl !== undefined && { publicUrl: opts.publicUrl }),
      });
      const payload: EmailPayload = { to: user.email, ...content, kind: "digest", itemIds: taken.map((i) => i.id) };
      await new OutboxRepository(trx).enqueue({ kind: "email", targetId: userId, payload }, now);
      return taken.length;
    });
    if (queued > 0) {
      emails++;
      items += queued;
    }
  }
  return { emails, items };
}

import {
  type ClaimedMessage,
  DEFAULT_OUTBOX_RETRY,
  OutboxRepository,
  type OutboxRetryPolicy,
  type ServerDb,
} from "@bulwark/db";
import { type EmailPayload, MailError, type Mailer } from "./mailer.ts";

/** How the e-mail worker delivers; everything but the clock has a default. */
export interface EmailDeliveryOptions {
  readonly now: () => Date;
  /** Messages claimed per pass (default 10), sent in parallel. */
  readonly batchSize?: number;
  /** How long a claim lasts; must exceed the mailer's timeouts (default 120 s). */
  readonly leaseSeconds?: number;
  readonly retry?: OutboxRetryPolicy;
}

/** What one pass did. */
export interface EmailDeliveryReport {
  readonly sent: number;
  /** Failed attempts that will be retried. */
  readonly failed: number;
  /** Given up: out of attempts, refused for good, or the recipient is gone or disabled. */
  readonly dead: number;
}

type Outcome = "sent" | "failed" | "dead" | "lost";

function parsePayload(text: string): EmailPayload | undefined {
  try {
    const p = JSON.parse(text) as Partial<EmailPayload>;
    return typeof p.to === "string" && typeof p.subject === "string" && typeof p.text === "string"
      ? (p as EmailPayload)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One pass of the e-mail worker: claim due `email` messages from the outbox (the same claim,
 * lease and backoff as webhooks: 30 s doubling to 6 h, dead after 12 attempts) and hand each to
 * the SMTP server. A message whose recipient was refused for good (SMTP 5xx to the envelope or
 * the message) is not retried; one whose user was deleted or disabled since it was queued is
 * dropped unsent. Delivery is at least once: a worker that dies after the server accepted a
 * message but before recording it leaves the message to be sent again when its lease passes.
 */
export async function deliverDueEmails(
  db: ServerDb,
  mailer: Mailer,
  opts: EmailDeliveryOptions,
): Promise<EmailDeliveryReport> {
  const retry = opts.retry ?? DEFAULT_OUTBOX_RETRY;
  const outbox = new OutboxRepository(db.kysely);
  const claimed = await outbox.claimDue("email", opts.now(), {
    limit: opts.batchSize ?? 10,
    leaseSeconds: opts.leaseSeconds ?? 120,
  });
  // Giving up at once is a failure whose policy allows no more attempts.
  const giveUp = async (message: ClaimedMessage, reason: string): Promise<Outcome> =>
    (await outbox.markFailed(message, reason, opts.now(), { ...retry, maxAttempts: 0 })) === undefined
      ? "lost"
      : "dead";

  async function deliver(message: ClaimedMessage): Promise<Outcome> {
    const payload = parsePayload(message.payload);
    if (payload === undefined) return giveUp(message, "the message is not a Bulwark e-mail");
    const user = await db.kysely
      .selectFrom("users")
      .select(["disabled_at"])
      .where("id", "=", message.targetId)
      .executeTakeFirst();
    if (user === undefined) return giveUp(message, "the user was deleted");
    if (user.disabled_at !== null) return giveUp(message, "the user is disabled");
    try {
      await mailer.send(payload);
    } catch (e) {
      const err = e instanceof MailError ? e : new MailError((e as Error).message, false);
      if (err.permanent) return giveUp(message, err.message);
      return (await outbox.markFailed(message, err.message, opts.now(), retry)) ?? "lost";
    }
    return (await outbox.markSent(message, opts.now())) ? "sent" : "lost";
  }

  const outcomes = await Promise.all(claimed.map(deliver));
  return {
    sent: outcomes.filter((o) => o === "sent").length,
    failed: outcomes.filter((o) => o === "failed").length,
    dead: outcomes.filter((o) => o === "dead").length,
  };
}

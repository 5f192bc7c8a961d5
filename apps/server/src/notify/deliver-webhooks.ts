import {
  appendAudit,
  type ClaimedMessage,
  DEFAULT_OUTBOX_RETRY,
  OutboxRepository,
  type OutboxRetryPolicy,
  type ServerDb,
  WebhookRepository,
} from "@bulwark/db";
import type { NotifyOptions } from "./recipients.ts";
import { noticeWebhookDisabled } from "./webhook-notice.ts";
import { webhookHeaders } from "./webhook-signature.ts";

/** How the webhook worker delivers; everything has a production default. */
export interface WebhookDeliveryOptions {
  /** The HTTP client (tests pass their own). */
  readonly fetch?: typeof fetch;
  /** The clock for signatures, backoff and audit times. */
  readonly clock?: () => Date;
  /** A request that has not answered by then has failed (default 10 s). */
  readonly timeoutMs?: number;
  /** Messages claimed per pass (default 20). */
  readonly batchSize?: number;
  /** How long a claim lasts; must exceed `timeoutMs` (default 60 s). */
  readonly leaseSeconds?: number;
  readonly retry?: OutboxRetryPolicy;
  /** Failed deliveries in a row after which the webhook is disabled (default 10). */
  readonly disableAfter?: number;
  /** How the owners' and admins' notice of a disabled webhook is e-mailed (default: inbox only). */
  readonly notify?: Omit<NotifyOptions, "now">;
}

/** What one pass did. */
export interface WebhookDeliveryReport {
  readonly sent: number;
  /** Failed attempts that will be retried. */
  readonly failed: number;
  /** Messages given up on: out of attempts, or their webhook is disabled or gone. */
  readonly dead: number;
  /** Webhooks disabled in this pass. */
  readonly disabled: readonly string[];
}

/** Failed deliveries in a row before a webhook is disabled. */
export const DEFAULT_DISABLE_AFTER = 10;

type Outcome = "sent" | "failed" | "dead" | "lost" | { disabled: string };

/** POST once; undefined on a 2xx answer, else why it failed. */
async function post(
  doFetch: typeof fetch,
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<string | undefined> {
  try {
    // Redirects are not followed: the organisation registered this URL, not wherever it points.
    const res = await doFetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status >= 200 && res.status < 300 ? undefined : `HTTP ${res.status}`;
  } catch (e) {
    const err = e as Error;
    if (err.name === "TimeoutError" || err.name === "AbortError") return `no answer within ${timeoutMs} ms`;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return `request failed: ${cause?.code ?? cause?.message ?? err.message}`;
  }
}

/**
 * One pass of the webhook worker: claim due `webhook` messages from the outbox, POST each with
 * Standard Webhooks signature headers (the message id is `webhook-id`, the same on every retry, so
 * receivers can drop duplicates), and record the outcome. A 2xx answer is delivered; anything
 * else, a timeout or a network error fails the attempt, to be retried with backoff. After
 * `disableAfter` failures in a row the webhook is disabled, its undelivered messages are given
 * up, a `webhook.disabled` audit entry records it, and the organisation's owners and admins get
 * an inbox notice (e-mailed per their preferences).
 */
export async function deliverDueWebhooks(
  db: ServerDb,
  options: WebhookDeliveryOptions = {},
): Promise<WebhookDeliveryReport> {
  const clock = options.clock ?? (() => new Date());
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry = options.retry ?? DEFAULT_OUTBOX_RETRY;
  const disableAfter = options.disableAfter ?? DEFAULT_DISABLE_AFTER;
  const claimed = await new OutboxRepository(db.kysely).claimDue("webhook", clock(), {
    limit: options.batchSize ?? 20,
    leaseSeconds: options.leaseSeconds ?? 60,
  });

  async function deliver(message: ClaimedMessage): Promise<Outcome> {
    const hook = await new WebhookRepository(db.kysely).withSecret(message.targetId);
    if (hook === undefined || !hook.webhook.enabled) {
      const reason = hook === undefined ? "the webhook was deleted" : "the webhook is disabled";
      await new OutboxRepository(db.kysely).abandonForTarget(message.targetId, reason);
      return "dead";
    }
    const headers = {
      ...webhookHeaders(hook.secret, message.id, clock(), message.payload),
      "content-type": "application/json",
      "user-agent": "Bulwark-Webhooks/1",
    };
    const error = await post(doFetch, hook.webhook.url, headers, message.payload, timeoutMs);
    const now = clock();
    return db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
      const outbox = new OutboxRepository(trx);
      const hooks = new WebhookRepository(trx);
      if (error === undefined) {
        if (!(await outbox.markSent(message, now))) return "lost";
        await hooks.recordSuccess(message.targetId);
        return "sent";
      }
      const state = await outbox.markFailed(message, error, now, retry);
      if (state === undefined) return "lost";
      const inARow = await hooks.recordFailure(message.targetId);
      if (inARow < disableAfter) return state;
      const reason = `disabled after ${inARow} failed deliveries in a row; the last: ${error}`;
      if (!(await hooks.disable(message.targetId, reason, now))) return state;
      await outbox.abandonForTarget(message.targetId, "the webhook was disabled");
      await appendAudit(trx, {
        at: now.toISOString(),
        action: "webhook.disabled",
        actorOrgId: hook.webhook.orgId,
        objectType: "webhook",
        objectId: message.targetId,
        details: { url: hook.webhook.url, reason, consecutiveFailures: inARow },
      });
      await noticeWebhookDisabled(
        trx,
        { orgId: hook.webhook.orgId, webhookId: message.targetId, url: hook.webhook.url, reason },
        now,
        options.notify ?? { email: false },
      );
      return { disabled: message.targetId };
    });
  }

  const outcomes = await Promise.all(claimed.map(deliver));
  return {
    sent: outcomes.filter((o) => o === "sent").length,
    failed: outcomes.filter((o) => o === "failed").length,
    dead: outcomes.filter((o) => o === "dead" || typeof o === "object").length,
    disabled: outcomes.flatMap((o) => (typeof o === "object" ? [o.disabled] : [])),
  };
}

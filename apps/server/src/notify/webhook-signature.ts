import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Standard Webhooks (https://www.standardwebhooks.com): the sender signs "{id}.{timestamp}.{body}"
// with HMAC-SHA256 under the endpoint's secret and sends three headers; any receiver library of the
// specification can check our deliveries.

/** Prefix of a Standard Webhooks symmetric secret; the rest is the base64 of the key bytes. */
export const WEBHOOK_SECRET_PREFIX = "whsec_";

/** How far a delivery's timestamp may be from the receiver's clock (the specification's 5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

// A type alias, not an interface, so it is assignable to plain header records.
/** The three headers of a signed delivery. */
export type WebhookHeaders = {
  readonly "webhook-id": string;
  readonly "webhook-timestamp": string;
  readonly "webhook-signature": string;
};

/** A new secret: `whsec_` + base64 of 32 random bytes (the specification asks for 24 to 64). */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

/** The HMAC key of a `whsec_` secret (a secret without the prefix is taken as bare base64). */
function keyOf(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, "base64");
}

function digest(key: Buffer, id: string, timestamp: string, body: string): Buffer {
  return createHmac("sha256", key).update(`${id}.${timestamp}.${body}`, "utf8").digest();
}

/** `v1,<base64>`: the signature of one delivery; `timestamp` is Unix seconds. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${digest(keyOf(secret), id, String(timestamp), body).toString("base64")}`;
}

/** The headers to send with `body`, signed at `at` (the delivery time, not the event's). */
export function webhookHeaders(secret: string, id: string, at: Date, body: string): WebhookHeaders {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(secret, id, timestamp, body),
  };
}

/** Why a delivery was refused, or the message id of an authentic one. */
export type WebhookVerdict =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly reason: "missing-headers" | "bad-timestamp" | "stale" | "bad-signature" };

/**
 * Check a received delivery: the three headers present, the timestamp within `toleranceSeconds`
 * of `now` either way (replays are refused), and at least one `v1` signature of the raw body
 * matching (others, and other versions, are ignored, so keys can rotate). Constant-time compare.
 */
export function verifyWebhook(
  secret: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: string,
  now: Date,
  toleranceSeconds: number = WEBHOOK_TOLERANCE_SECONDS,
): WebhookVerdict {
  const header = (name: string): string | undefined => {
    const v = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = header("webhook-id");
  const timestamp = header("webhook-timestamp");
  const signatures = header("webhook-signature");
  if (!id || !timestamp || !signatures) return { ok: false, reason: "missing-headers" };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: "bad-timestamp" };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: "stale" };
  const expected = digest(keyOf(secret), id, timestamp, body);
  for (const entry of signatures.split(" ")) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    const given = Buffer.from(entry.slice(comma + 1), "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, id };
  }
  return { ok: false, reason: "bad-signature" };
}

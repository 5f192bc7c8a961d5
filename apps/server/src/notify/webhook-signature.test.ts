import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signWebhook, verifyWebhook, webhookHeaders } from "./webhook-signature.ts";

// The test vector of the Standard Webhooks reference libraries: any conforming receiver accepts it.
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const AT_VECTOR = new Date(VECTOR.timestamp * 1000);

describe("Standard Webhooks signatures", () => {
  it("reproduces the published test vector and accepts it", () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    const headers = {
      "webhook-id": VECTOR.id,
      "webhook-timestamp": String(VECTOR.timestamp),
      "webhook-signature": VECTOR.signature,
    };
    expect(verifyWebhook(VECTOR.secret, headers, VECTOR.body, AT_VECTOR)).toEqual({ ok: true, id: VECTOR.id });
  });

  it("round-trips with a generated secret and finds the valid one among several signatures", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const at = new Date("2026-12-02T12:00:00Z");
    const body = JSON.stringify({ type: "alert.opened", data: { id: 1 } });
    const headers = webhookHeaders(secret, "msg-1", at, body);
    expect(headers["webhook-timestamp"]).toBe(String(at.getTime() / 1000));
    expect(verifyWebhook(secret, headers, body, at)).toEqual({ ok: true, id: "msg-1" });
    const rotated = { ...headers, "webhook-signature": `v1,AAAA v2,whatever ${headers["webhook-signature"]}` };
    expect(verifyWebhook(secret, rotated, body, at).ok).toBe(true);
  });

  it("refuses a changed body, id, timestamp, secret or signature", () => {
    const secret = generateWebhookSecret();
    const at = new Date("2026-12-02T12:00:00Z");
    const headers = webhookHeaders(secret, "msg-1", at, "{}");
    const refused = (h: Record<string, string>, body = "{}", s = secret) => verifyWebhook(s, h, body, at);
    expect(refused(headers, '{"a":1}')).toEqual({ ok: false, reason: "bad-signature" });
    expect(refused({ ...headers, "webhook-id": "msg-2" })).toEqual({ ok: false, reason: "bad-signature" });
    expect(refused({ ...headers, "webhook-timestamp": String(at.getTime() / 1000 + 1) })).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(refused(headers, "{}", generateWebhookSecret())).toEqual({ ok: false, reason: "bad-signature" });
    const flipped = `v1,${Buffer.from("x".repeat(32)).toString("base64")}`;
    expect(refused({ ...headers, "webhook-signature": flipped })).toEqual({ ok: false, reason: "bad-signature" });
    // A signature of another scheme version is not a v1 signature.
    const v2 = headers["webhook-signature"].replace(/^v1,/, "v2,");
    expect(refused({ ...headers, "webhook-signature": v2 })).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses missing headers, malformed timestamps and deliveries outside five minutes", () => {
    const secret = generateWebhookSecret();
    const at = new Date("2026-12-02T12:00:00Z");
    const headers = webhookHeaders(secret, "msg-1", at, "{}");
    const { "webhook-signature": _s, ...unsigned } = headers;
    expect(verifyWebhook(secret, unsigned, "{}", at)).toEqual({ ok: false, reason: "missing-headers" });
    expect(verifyWebhook(secret, { ...headers, "webhook-timestamp": "12:00" }, "{}", at)).toEqual({
      ok: false,
      reason: "bad-timestamp",
    });
    const shifted = (s: number) => new Date(at.getTime() + s * 1000);
    expect(verifyWebhook(secret, headers, "{}", shifted(300)).ok).toBe(true);
    expect(verifyWebhook(secret, headers, "{}", shifted(-300)).ok).toBe(true);
    expect(verifyWebhook(secret, headers, "{}", shifted(301))).toEqual({ ok: false, reason: "stale" });
    expect(verifyWebhook(secret, headers, "{}", shifted(-301))).toEqual({ ok: false, reason: "stale" });
  });
});

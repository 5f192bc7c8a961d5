import { describe, expect, it } from "vitest";
import { emailLabel, kindLabel, targetOf } from "./inbox-links.ts";

describe("targetOf", () => {
  it("maps the API paths the server stores to console pages", () => {
    expect(targetOf("/api/v1/alerts/a1")).toEqual({ to: "/alerts/a1", label: "Open the alert" });
    expect(targetOf("/api/v1/orgs/o1/webhooks")).toEqual({
      to: "/settings#webhooks",
      label: "Open the webhook settings",
      orgId: "o1",
    });
  });

  it("has no target for paths without a console page", () => {
    expect(targetOf(undefined)).toBeUndefined();
    expect(targetOf("/api/v1/bulletins/b1")).toBeUndefined();
    expect(targetOf("https://evil.example/api/v1/alerts/a1")).toBeUndefined();
  });
});

describe("labels", () => {
  it("says kinds and e-mail modes in words", () => {
    expect(kindLabel("alert.opened")).toBe("New alert");
    expect(kindLabel("something.new")).toBe("something.new");
    expect(emailLabel("digest", undefined)).toBe("in the daily digest");
    expect(emailLabel("digest", "2026-01-01T00:00:00Z")).toBe("sent in a daily digest");
  });
});

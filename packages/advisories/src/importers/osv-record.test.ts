import { describe, expect, it } from "vitest";
import { isImportProblem, parseOsvJson } from "./osv-record.ts";

describe("parseOsvJson", () => {
  it("accepts a minimal valid record and keeps the original text", () => {
    const text = '{"id":"ALSA-2025:10073","modified":"2025-07-01T00:00:00Z"}';
    const r = parseOsvJson(text, "x");
    expect(isImportProblem(r)).toBe(false);
    expect(!isImportProblem(r) && r.json).toBe(text);
  });

  it.each([
    ["not json", /invalid JSON/],
    ["[]", /not a JSON object/],
    ['{"modified":"2024-01-01T00:00:00Z"}', /id/],
    ['{"id":"X","modified":"yesterday"}', /modified/],
    ['{"id":"X","modified":"2024-01-01T00:00:00Z","affected":{}}', /affected/],
    ['{"id":"X","modified":"2024-01-01T00:00:00Z","affected":[{"ranges":[{"events":[]}]}]}', /type/],
    ['{"id":"X","modified":"2024-01-01T00:00:00Z","affected":[{"versions":[1]}]}', /versions/],
    ['{"id":"X","modified":"2024-01-01T00:00:00Z","aliases":"CVE-1"}', /aliases/],
  ])("reports %s as a problem with a reason", (text, reason) => {
    const r = parseOsvJson(text, "file.json");
    expect(isImportProblem(r)).toBe(true);
    expect(isImportProblem(r) && r.reason).toMatch(reason);
    expect(isImportProblem(r) && r.code).toBe("BULWARK_OSV_RECORD_INVALID");
  });
});

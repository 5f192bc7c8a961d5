import { readFileSync } from "node:fs";
import type { OsvRecord } from "@bulwark/core";
import { fixturePath } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { osvDigest } from "./digest.ts";
import { readOsvZip } from "./osv-zip.ts";

const records = (eco: string): OsvRecord[] =>
  readOsvZip(readFileSync(fixturePath("osv", eco, "all.zip")), eco).records.map((r) => JSON.parse(r.json) as OsvRecord);

describe("osvDigest", () => {
  it("keeps what a scan reads of every real fixture record and drops affected[] and details", () => {
    for (const eco of ["PyPI", "Go", "AlmaLinux"]) {
      for (const r of records(eco)) {
        const d = osvDigest(r);
        expect(d.id).toBe(r.id);
        expect(d.modified).toBe(r.modified);
        expect(d.affected).toBeUndefined();
        expect(d.details).toBeUndefined();
        expect(d.severity).toEqual(r.severity);
        expect(d.references).toEqual(r.references);
        expect(d.aliases).toEqual(r.aliases);
        if (r.summary) expect(d.summary).toBe(r.summary);
        expect(JSON.stringify(d).length).toBeLessThanOrEqual(JSON.stringify(r).length);
      }
    }
  });

  it("stands the first non-blank line of details in for a missing summary, and keeps the textual severity", () => {
    const d = osvDigest({
      id: "GHSA-xxxx-yyyy-zzzz",
      modified: "2024-01-01T00:00:00Z",
      summary: "  ",
      details: "\n\n   A flaw in the parser.  \nMore text.",
      database_specific: { severity: "HIGH", cwe_ids: ["CWE-79"], github_reviewed: true },
    });
    expect(d).toEqual({
      id: "GHSA-xxxx-yyyy-zzzz",
      modified: "2024-01-01T00:00:00Z",
      summary: "A flaw in the parser.",
      database_specific: { severity: "HIGH" },
    });
  });
});

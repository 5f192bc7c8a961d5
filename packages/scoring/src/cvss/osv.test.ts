import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readOsvZip } from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";
import { dataPath, hasSharedData } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { bestSeverity, recordSeverity } from "./osv.ts";
import { scoreCvss } from "./score.ts";
import { textualSeverity } from "./severity.ts";

const record = (name: string): OsvRecord =>
  JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "osv", `${name}.json`), "utf8")) as OsvRecord;

describe("recordSeverity on real OSV records", () => {
  it("reads Bitnami's per-affected v3.1 vector (BIT-nginx-2021-23017, NVD: 7.7 HIGH)", () => {
    const choice = recordSeverity(record("BIT-nginx-2021-23017"));
    expect(choice).toMatchObject({ severity: "high", source: "affected[].severity" });
    expect(choice?.cvss).toMatchObject({ version: "3.1", score: 7.7 });
  });

  it("reads Bitnami's per-affected v4.0 vector (BIT-nginx-2024-7347, Bitnami says Medium)", () => {
    const choice = recordSeverity(record("BIT-nginx-2024-7347"));
    expect(choice).toMatchObject({ severity: "medium", source: "affected[].severity" });
    expect(choice?.cvss?.vector).toBe("CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N");
    const rec = record("BIT-nginx-2024-7347");
    expect(recordSeverity(rec, rec.affected?.[0])?.cvss?.score).toBe(5.7);
  });

  it("gives a v4.0 vector without impact the rating none (BIT-discourse-2026-26979, Bitnami says None)", () => {
    expect(recordSeverity(record("BIT-discourse-2026-26979"))).toMatchObject({ severity: "none" });
  });

  it("reads top-level vectors of crates.io and PyPI", () => {
    expect(recordSeverity(record("RUSTSEC-2016-0001"))?.cvss).toMatchObject({ version: "3.0", score: 8.1 });
    expect(recordSeverity(record("RUSTSEC-2026-0009"))).toMatchObject({ severity: "medium", source: "severity" });
    expect(recordSeverity(record("RUSTSEC-2026-0009"))?.cvss).toMatchObject({ version: "4.0", score: 6.8 });
    expect(recordSeverity(record("PYSEC-2022-43059"))).toMatchObject({ severity: "medium" });
    expect(recordSeverity(record("PYSEC-2022-43059"))?.cvss?.score).toBe(5.5);
  });

  it("falls back to OSS-Fuzz's ecosystem_specific word, tolerating its null", () => {
    expect(recordSeverity(record("OSV-2018-1"))).toEqual({
      severity: "medium",
      label: "MEDIUM",
      source: "affected[].ecosystem_specific.severity",
    });
    expect(recordSeverity(record("OSV-2021-1003"))).toBeUndefined();
  });

  it("has nothing for records without any severity (Go, AlmaLinux) or with Bitnami's Unknown", () => {
    expect(recordSeverity(record("GO-2020-0001"))).toBeUndefined();
    expect(recordSeverity(record("ALBA-2022-2080"))).toBeUndefined();
    expect(recordSeverity(record("BIT-kafka-2024-27309"))).toBeUndefined();
  });
});

describe("severity selection on hand-made records", () => {
  it("prefers the v4.0 vector over a higher-scoring v3.1 one, and CVSS over the word", () => {
    const choice = recordSeverity(record("handmade-ghsa-v3-v4"));
    expect(choice?.cvss?.version).toBe("4.0");
    expect(choice?.severity).toBe(choice?.cvss?.severity);
    expect(choice?.cvss?.score).toBeLessThan(9.8);
  });

  it("skips malformed vectors and odd entries, keeping the best valid one", () => {
    const choice = bestSeverity(record("handmade-invalid-vectors").severity);
    expect(choice?.cvss).toMatchObject({ version: "2.0", score: 7.5, severity: "high" });
  });

  it("uses the worst affected word, before the record's word and Ubuntu's priority", () => {
    expect(recordSeverity(record("handmade-textual"))).toEqual({
      severity: "high",
      label: "Important",
      source: "affected[].ecosystem_specific.severity",
    });
    const rec = record("handmade-textual");
    expect(recordSeverity(rec, rec.affected?.[2])).toEqual({
      severity: "low",
      label: "LOW",
      source: "database_specific.severity",
    });
    expect(bestSeverity(rec.severity)).toEqual({ severity: "low", label: "negligible" });
  });

  it("reads an Ubuntu priority when nothing else is there", () => {
    expect(recordSeverity(record("handmade-ubuntu"))).toEqual({
      severity: "medium",
      label: "medium",
      source: "severity",
    });
  });

  it("maps the words of the sources", () => {
    const words = ["CRITICAL", "Important", "HIGH", "MODERATE", "Medium", "low", "negligible", "unimportant", "None"];
    expect(words.map(textualSeverity)).toEqual([
      "critical",
      "high",
      "high",
      "medium",
      "medium",
      "low",
      "low",
      "low",
      "none",
    ]);
    for (const word of ["Unknown", "untriaged", "not yet assigned", "", "toString", null, 3]) {
      expect(textualSeverity(word)).toBeUndefined();
    }
    expect(bestSeverity(undefined)).toBeUndefined();
    expect(bestSeverity([])).toBeUndefined();
  });
});

describe.skipIf(!hasSharedData)("every OSV record of ../shared/data/osv", () => {
  const ecosystems = ["AlmaLinux", "Bitnami", "Go", "OSS-Fuzz", "PyPI", "crates.io"];
  const stats = new Map<string, { records: number; vectors: number; unparsed: string[]; judged: number }>();
  const bitnamiDisagreements: string[] = [];
  for (const eco of ecosystems) {
    const s = { records: 0, vectors: 0, unparsed: [] as string[], judged: 0 };
    for (const parsed of readOsvZip(readFileSync(dataPath("osv", eco, "all.zip")), eco).records) {
      const rec = parsed.record as OsvRecord;
      s.records++;
      for (const e of [...(rec.severity ?? []), ...(rec.affected ?? []).flatMap((a) => a.severity ?? [])]) {
        if (!e.type.startsWith("CVSS_")) continue;
        s.vectors++;
        if (scoreCvss(e.score) === undefined) s.unparsed.push(`${rec.id}: ${e.score}`);
      }
      const choice = recordSeverity(rec);
      if (choice !== undefined) s.judged++;
      const own = rec.database_specific?.severity;
      if (eco === "Bitnami" && choice?.cvss !== undefined && typeof own === "string") {
        if (own.toLowerCase() !== choice.severity) bitnamiDisagreements.push(`${rec.id}: ${own} vs ${choice.severity}`);
      }
    }
    stats.set(eco, s);
  }

  it("parses every CVSS vector they carry", () => {
    const summary = Object.fromEntries([...stats].map(([eco, s]) => [eco, [s.vectors, s.unparsed]]));
    expect(summary).toEqual({
      AlmaLinux: [0, []],
      Bitnami: [7433, []],
      Go: [0, []],
      "OSS-Fuzz": [0, []],
      PyPI: [202, []],
      "crates.io": [417, []],
    });
  });

  it("agrees with Bitnami's own rating of every vector it scored", () => {
    expect(bitnamiDisagreements).toEqual([]);
  });

  it("judges every record that carries a usable severity", () => {
    const judged = Object.fromEntries([...stats].map(([eco, s]) => [eco, s.judged]));
    expect(judged).toEqual({ AlmaLinux: 0, Bitnami: 7433, Go: 0, "OSS-Fuzz": 3564, PyPI: 206, "crates.io": 417 });
  });
});

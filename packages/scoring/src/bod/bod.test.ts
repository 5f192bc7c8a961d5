import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dataPath, hasSharedData } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { readDecisionCsv } from "../ssvc/testing.ts";
import type { Automatable, TechnicalImpact } from "../ssvc/types.ts";
import { bod2201Policy } from "./bod-22-01.ts";
import { bod2604Policy, bod2604Timeline } from "./bod-26-04.ts";
import { addDays, daysBetween } from "./dates.ts";
import { DEFAULT_REMEDIATION_POLICY_ID, REMEDIATION_POLICIES, remediationPolicy } from "./registry.ts";

const CSV_NAME = "cisa_bod_26_04_1_0_0.csv";
const FIXTURE = join(import.meta.dirname, "fixtures", CSV_NAME);
const SHARED = dataPath("ssvc", CSV_NAME);

interface KevEntry {
  cveID: string;
  dateAdded: string;
  dueDate: string;
}
const KEV: KevEntry[] = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures", "kev-excerpt.json"), "utf8"),
).vulnerabilities;

function kevEntry(cve: string): KevEntry {
  const entry = KEV.find((v) => v.cveID === cve);
  if (entry === undefined) throw new Error(`no KEV fixture entry ${cve}`);
  return entry;
}

function checkEveryRow(path: string): number {
  const { header, rows } = readDecisionCsv(path);
  expect(header).toEqual([
    "In KEV v1.0.0 (cisa)",
    "Publicly Exposed v1.0.0 (cisa)",
    "Automatable v2.0.0",
    "Technical Impact v1.0.0",
    "CISA BOD 26-04 Remediation Timelines v1.0.0 (cisa)",
  ]);
  for (const [inKev, exposed, automatable, technicalImpact, expected] of rows) {
    const input = {
      inKev: inKev === "yes",
      exposed: exposed === "yes",
      automatable: automatable as Automatable,
      technicalImpact: technicalImpact as TechnicalImpact,
    };
    expect(bod2604Timeline(input), JSON.stringify(input)).toBe(expected);
    expect(bod2604Policy.due(input).label).toBe(expected);
  }
  return rows.length;
}

describe("BOD 26-04 timelines", () => {
  it("match every row of the fixture copy of the CERT/CC table", () => {
    expect(checkEveryRow(FIXTURE)).toBe(16);
  });

  describe.skipIf(!hasSharedData)("with ../shared/data", () => {
    it("match every row of the shared table, and the fixture is a verbatim copy", () => {
      expect(checkEveryRow(SHARED)).toBe(16);
      expect(readFileSync(FIXTURE, "utf8")).toBe(readFileSync(SHARED, "utf8"));
    });
  });

  it("gives days, and a due date when the clock start is known", () => {
    const kevExposedRce = { inKev: true, exposed: true, automatable: "yes", technicalImpact: "total" } as const;
    expect(bod2604Policy.due(kevExposedRce)).toEqual({ label: "3 days & forensic investigation", days: 3 });
    expect(bod2604Policy.due({ ...kevExposedRce, startDate: "2025-12-30" })).toEqual({
      label: "3 days & forensic investigation",
      days: 3,
      dueDate: "2026-01-02",
    });
    const internalAutomatable = {
      inKev: false,
      exposed: false,
      automatable: "yes",
      technicalImpact: "partial",
    } as const;
    expect(bod2604Policy.due({ ...internalAutomatable, startDate: "2024-02-01" })).toEqual({
      label: "60 days",
      days: 60,
      dueDate: "2024-04-01",
    });
    const quiet = { inKev: false, exposed: false, automatable: "no", technicalImpact: "total" } as const;
    expect(bod2604Policy.due({ ...quiet, startDate: "2024-02-01" })).toEqual({ label: "fix on system upgrade" });
    expect(bod2604Policy.due({ ...internalAutomatable, startDate: "02/01/2024" })).toEqual({
      label: "60 days",
      days: 60,
    });
  });
});

describe("BOD 22-01 due dates", () => {
  const ssvc = { exposed: false, automatable: "yes", technicalImpact: "total" } as const;

  it("uses the KEV catalog's dueDate (real entries, catalog 2025.08.25)", () => {
    const log4shell = kevEntry("CVE-2021-44228");
    expect(bod2201Policy.due({ ...ssvc, inKev: true, kev: log4shell })).toEqual({
      label: "due 2021-12-24",
      days: 14,
      dueDate: "2021-12-24",
    });
    const activemq = kevEntry("CVE-2023-46604");
    expect(bod2201Policy.due({ ...ssvc, inKev: true, kev: activemq })).toEqual({
      label: "due 2023-11-23",
      days: 21,
      dueDate: "2023-11-23",
    });
    expect(bod2201Policy.due({ ...ssvc, inKev: true, kev: { dueDate: "2025-09-15" } })).toEqual({
      label: "due 2025-09-15",
      dueDate: "2025-09-15",
    });
  });

  it("has no due date outside KEV, and says so when the catalog lacks one", () => {
    expect(bod2201Policy.due({ ...ssvc, inKev: false })).toEqual({ label: "not in KEV" });
    expect(bod2201Policy.due({ ...ssvc, inKev: true })).toEqual({ label: "in KEV, due date unknown" });
  });
});

describe("policy registry", () => {
  it("lists both policies and defaults to BOD 26-04", () => {
    expect(REMEDIATION_POLICIES.map((p) => p.id)).toEqual(["bod-26-04", "bod-22-01"]);
    expect(DEFAULT_REMEDIATION_POLICY_ID).toBe("bod-26-04");
    expect(remediationPolicy("bod-22-01")).toBe(bod2201Policy);
    expect(remediationPolicy("bod-99-99")).toBeUndefined();
  });
});

describe("ISO date arithmetic", () => {
  it("adds and subtracts across month, year and leap-day boundaries in UTC", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2025-12-30", 3)).toBe("2026-01-02");
    expect(daysBetween("2024-06-12", "2024-07-03")).toBe(21);
    expect(addDays("2025-02-30", 1)).toBeUndefined();
    expect(daysBetween("2025-01-01", "soon")).toBeUndefined();
  });
});

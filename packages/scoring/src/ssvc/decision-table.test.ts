import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dataPath, hasSharedData } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { SSVC_DECISIONS, ssvcAtLeast, ssvcDecision } from "./decision-table.ts";
import { readDecisionCsv } from "./testing.ts";
import type { Automatable, Exploitation, MissionWellbeing, SsvcDecision, TechnicalImpact } from "./types.ts";

const CSV_NAME = "cisa_coordinator_2_0_3.csv";
const FIXTURE = join(import.meta.dirname, "fixtures", CSV_NAME);
const SHARED = dataPath("ssvc", CSV_NAME);

const EXPLOITATION: Record<string, Exploitation> = { none: "none", "public poc": "public-poc", active: "active" };
const DECISION: Record<string, SsvcDecision> = { track: "Track", "track*": "Track*", attend: "Attend", act: "Act" };

function checkEveryRow(path: string): number {
  const { header, rows } = readDecisionCsv(path);
  expect(header).toEqual([
    "Exploitation v1.1.0",
    "Automatable v2.0.0",
    "Technical Impact v1.0.0",
    "Mission and Well-Being Impact v1.0.0",
    "CISA Levels v1.1.0 (cisa)",
  ]);
  for (const [exploitation, automatable, technicalImpact, mission, expected] of rows) {
    const inputs = {
      exploitation: EXPLOITATION[exploitation ?? ""] as Exploitation,
      automatable: automatable as Automatable,
      technicalImpact: technicalImpact as TechnicalImpact,
      missionWellbeing: mission as MissionWellbeing,
    };
    expect(inputs.exploitation, `row ${exploitation}`).toBeDefined();
    expect(ssvcDecision(inputs), JSON.stringify(inputs)).toBe(DECISION[expected ?? ""]);
  }
  return rows.length;
}

describe("ssvcDecision (CISA coordinator 2.0.3)", () => {
  it("matches every row of the fixture copy of the CERT/CC table", () => {
    expect(checkEveryRow(FIXTURE)).toBe(36);
  });

  describe.skipIf(!hasSharedData)("with ../shared/data", () => {
    it("matches every row of the shared table, and the fixture is a verbatim copy", () => {
      expect(checkEveryRow(SHARED)).toBe(36);
      expect(readFileSync(FIXTURE, "utf8")).toBe(readFileSync(SHARED, "utf8"));
    });
  });

  it("gives the known corner decisions", () => {
    const base = { automatable: "no", technicalImpact: "partial", missionWellbeing: "low" } as const;
    expect(ssvcDecision({ ...base, exploitation: "none" })).toBe("Track");
    expect(
      ssvcDecision({ exploitation: "active", automatable: "yes", technicalImpact: "total", missionWellbeing: "high" }),
    ).toBe("Act");
    expect(
      ssvcDecision({ exploitation: "none", automatable: "no", technicalImpact: "total", missionWellbeing: "high" }),
    ).toBe("Track*");
  });
});

describe("ssvcAtLeast", () => {
  it("orders Track < Track* < Attend < Act", () => {
    expect(SSVC_DECISIONS).toEqual(["Track", "Track*", "Attend", "Act"]);
    expect(ssvcAtLeast("Act", "Attend")).toBe(true);
    expect(ssvcAtLeast("Attend", "Attend")).toBe(true);
    expect(ssvcAtLeast("Track*", "Attend")).toBe(false);
    expect(ssvcAtLeast("Track", "Track")).toBe(true);
    expect(ssvcAtLeast("Attend", "Act")).toBe(false);
  });
});

import { automatableFromCvss, cvssVersionOf, technicalImpactFromCvss } from "./cvss-derivation.ts";
import { ssvcDecision } from "./decision-table.ts";
import { type ExploitationEvidence, exploitationFrom } from "./exploitation.ts";
import { DEFAULT_MISSION_WELLBEING } from "./mission.ts";
import type { CvssInput, MissionWellbeing, SsvcDecision, SsvcInputs } from "./types.ts";

/** Everything a scanner knows about one finding that bears on the SSVC decision. */
export interface SsvcAssessmentInput extends ExploitationEvidence {
  /** The record's CVSS assessments, any order; the newest version that answers a question is used. */
  cvss?: readonly CvssInput[];
  /** From `--mission`; defaults to `medium`. */
  missionWellbeing?: MissionWellbeing;
}

/** The SSVC decision with the decision points it was made from. */
export interface SsvcAssessment extends SsvcInputs {
  decision: SsvcDecision;
  /** Decision points no CVSS vector could answer, set to their more urgent value (`yes` / `total`). */
  assumed: ("automatable" | "technicalImpact")[];
}

const NEWEST_FIRST = ["4.0", "3.1", "3.0", "2.0"];

/**
 * Derives the four decision points and the CISA decision for one finding. When no CVSS
 * vector answers Automatable or Technical Impact, the more urgent value is assumed and
 * listed in `assumed`: a guessed `no`/`partial` would turn a KEV entry into Track.
 */
export function assessSsvc(input: SsvcAssessmentInput): SsvcAssessment {
  const cvss = [...(input.cvss ?? [])].sort((a, b) => rank(a.version) - rank(b.version));
  const automatable = firstDefined(cvss.map((c) => automatableFromCvss(c.metrics, c.version)));
  const technicalImpact = firstDefined(cvss.map((c) => technicalImpactFromCvss(c.metrics, c.version)));
  const inputs: SsvcInputs = {
    exploitation: exploitationFrom(input),
    automatable: automatable ?? "yes",
    technicalImpact: technicalImpact ?? "total",
    missionWellbeing: input.missionWellbeing ?? DEFAULT_MISSION_WELLBEING,
  };
  const assumed: SsvcAssessment["assumed"] = [];
  if (automatable === undefined) assumed.push("automatable");
  if (technicalImpact === undefined) assumed.push("technicalImpact");
  return { ...inputs, decision: ssvcDecision(inputs), assumed };
}

function rank(version: string): number {
  const known = cvssVersionOf(version);
  return known === undefined ? NEWEST_FIRST.length : NEWEST_FIRST.indexOf(known);
}

function firstDefined<T>(values: readonly (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined);
}

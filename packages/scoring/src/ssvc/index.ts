/** CISA SSVC: the coordinator decision table and helpers deriving its decision points from scanner data. */
export { assessSsvc, type SsvcAssessment, type SsvcAssessmentInput } from "./assess.ts";
export { automatableFromCvss, technicalImpactFromCvss } from "./cvss-derivation.ts";
export { SSVC_DECISIONS, ssvcAtLeast, ssvcDecision } from "./decision-table.ts";
export {
  DEFAULT_EPSS_POC_THRESHOLD,
  type ExploitationEvidence,
  exploitationFrom,
  exploitEvidenceInReferences,
  type ReferenceLike,
} from "./exploitation.ts";
export { DEFAULT_MISSION_WELLBEING, parseMissionWellbeing } from "./mission.ts";
export type {
  Automatable,
  CvssInput,
  CvssMetrics,
  Exploitation,
  MissionWellbeing,
  SsvcDecision,
  SsvcInputs,
  TechnicalImpact,
} from "./types.ts";

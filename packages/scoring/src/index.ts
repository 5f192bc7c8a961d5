/** @bulwark/scoring: severity (CVSS), exploitation likelihood and remediation priority of findings. */

export type { Bod2604Timeline, RemediationDue, RemediationInput, RemediationPolicy } from "./bod/index.ts";
export {
  bod2201Policy,
  bod2604Policy,
  bod2604Timeline,
  DEFAULT_REMEDIATION_POLICY_ID,
  REMEDIATION_POLICIES,
  remediationPolicy,
} from "./bod/index.ts";
export type {
  CvssNomenclature,
  CvssScore,
  CvssVector,
  CvssVersion,
  Severity,
  SeverityChoice,
  SeveritySource,
} from "./cvss/index.ts";
export {
  bestSeverity,
  compareSeverity,
  cvssSeverity,
  parseCvss,
  parseCvssOrThrow,
  recordSeverity,
  SEVERITY_ORDER,
  scoreCvss,
  scoreCvssOrThrow,
  textualSeverity,
} from "./cvss/index.ts";
export type {
  Automatable,
  CvssInput,
  CvssMetrics,
  Exploitation,
  ExploitationEvidence,
  MissionWellbeing,
  ReferenceLike,
  SsvcAssessment,
  SsvcAssessmentInput,
  SsvcDecision,
  SsvcInputs,
  TechnicalImpact,
} from "./ssvc/index.ts";
export {
  assessSsvc,
  automatableFromCvss,
  DEFAULT_EPSS_POC_THRESHOLD,
  DEFAULT_MISSION_WELLBEING,
  exploitationFrom,
  exploitEvidenceInReferences,
  parseMissionWellbeing,
  SSVC_DECISIONS,
  ssvcAtLeast,
  ssvcDecision,
  technicalImpactFromCvss,
} from "./ssvc/index.ts";

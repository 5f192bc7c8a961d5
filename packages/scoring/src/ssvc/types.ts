/**
 * The decision points of the CISA SSVC coordinator tree ("CISA Levels" 1.1.0, table
 * `cisa_coordinator_2_0_3`) as closed string unions. Values are Bulwark's spellings;
 * the CERT/CC CSV writes `public poc` and lower-case outcomes.
 */

/** SSVC Exploitation 1.1.0: the present state of exploitation of the vulnerability. */
export type Exploitation = "none" | "public-poc" | "active";

/** SSVC Automatable 2.0.0: can an attacker reliably automate kill-chain steps 1-4 (recon, weaponize, deliver, exploit)? */
export type Automatable = "no" | "yes";

/** SSVC Technical Impact 1.0.0: total control of (or total disclosure from) the vulnerable component, or less. */
export type TechnicalImpact = "partial" | "total";

/** SSVC Mission and Well-Being Impact 1.0.0: how much the affected mission depends on the system, set by the operator. */
export type MissionWellbeing = "low" | "medium" | "high";

/** The CISA SSVC decision, from least to most urgent: Track, Track*, Attend, Act. */
export type SsvcDecision = "Track" | "Track*" | "Attend" | "Act";

/** The four inputs of the CISA coordinator decision. */
export interface SsvcInputs {
  exploitation: Exploitation;
  automatable: Automatable;
  technicalImpact: TechnicalImpact;
  missionWellbeing: MissionWellbeing;
}

/** CVSS versions whose metrics the derivation helpers understand. */
export type CvssVersion = "2.0" | "3.0" | "3.1" | "4.0";

/**
 * CVSS metrics as abbreviation → value, exactly as written in the vector
 * (`{ AV: "N", AC: "L", PR: "N", … }`; CVSS v2 spells `Au`, v4 `AU`). Missing keys are unknown.
 */
export type CvssMetrics = Readonly<Record<string, string>>;

/** One CVSS assessment of a record: its version and parsed metrics. */
export interface CvssInput {
  version: string;
  metrics: CvssMetrics;
}

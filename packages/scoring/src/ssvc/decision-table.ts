import type {
  Automatable,
  Exploitation,
  MissionWellbeing,
  SsvcDecision,
  SsvcInputs,
  TechnicalImpact,
} from "./types.ts";

type MissionRow = Readonly<Record<MissionWellbeing, SsvcDecision>>;
type Table = Readonly<Record<Exploitation, Record<Automatable, Record<TechnicalImpact, MissionRow>>>>;

// Transcribed from CERT/CC SSVC `data/csv/cisa/cisa_coordinator_2_0_3.csv` (rows 0-35, in file order).
// Each line is one (exploitation, automatable, technical impact) triple; the columns are mission low / medium / high.
// The test checks every row of that CSV against this table.
const CISA_COORDINATOR_TABLE: Table = {
  none: {
    no: {
      partial: { low: "Track", medium: "Track", high: "Track" },
      total: { low: "Track", medium: "Track", high: "Track*" },
    },
    yes: {
      partial: { low: "Track", medium: "Track", high: "Attend" },
      total: { low: "Track", medium: "Track", high: "Attend" },
    },
  },
  "public-poc": {
    no: {
      partial: { low: "Track", medium: "Track", high: "Track*" },
      total: { low: "Track", medium: "Track*", high: "Attend" },
    },
    yes: {
      partial: { low: "Track", medium: "Track", high: "Attend" },
      total: { low: "Track", medium: "Track*", high: "Attend" },
    },
  },
  active: {
    no: {
      partial: { low: "Track", medium: "Track", high: "Attend" },
      total: { low: "Track", medium: "Attend", high: "Act" },
    },
    yes: {
      partial: { low: "Attend", medium: "Attend", high: "Act" },
      total: { low: "Attend", medium: "Act", high: "Act" },
    },
  },
};

/** The CISA SSVC decision (CISA Levels 1.1.0, coordinator tree 2.0.3) for the four decision points. */
export function ssvcDecision(inputs: SsvcInputs): SsvcDecision {
  return CISA_COORDINATOR_TABLE[inputs.exploitation][inputs.automatable][inputs.technicalImpact][
    inputs.missionWellbeing
  ];
}

/** SSVC decisions from least to most urgent. */
export const SSVC_DECISIONS: readonly SsvcDecision[] = ["Track", "Track*", "Attend", "Act"];

/** True when `decision` is at least as urgent as `threshold` (`--fail-on ssvc:attend` fails on Attend and Act). */
export function ssvcAtLeast(decision: SsvcDecision, threshold: SsvcDecision): boolean {
  return SSVC_DECISIONS.indexOf(decision) >= SSVC_DECISIONS.indexOf(threshold);
}

import type { Automatable, TechnicalImpact } from "../ssvc/types.ts";

/** What a remediation policy may look at for one finding. */
export interface RemediationInput {
  /** The vulnerability (or an alias) is in the CISA KEV catalog. */
  inKev: boolean;
  /** The KEV entry's dates (ISO `YYYY-MM-DD`), when in KEV. */
  kev?: { dateAdded?: string; dueDate?: string };
  /** The asset is reachable by unauthenticated or untrusted parties over public networks (`--exposed`). */
  exposed: boolean;
  /** SSVC Automatable, as derived for the SSVC decision. */
  automatable: Automatable;
  /** SSVC Technical Impact, as derived for the SSVC decision. */
  technicalImpact: TechnicalImpact;
  /** ISO date the remediation clock starts (for example the scan date); day-count policies then also give `dueDate`. */
  startDate?: string;
}

/** A policy's answer: a label for people, and the deadline as days and/or a date when the policy has one. */
export interface RemediationDue {
  label: string;
  days?: number;
  dueDate?: string;
}

/** A remediation-timeline rule set, selectable by `id`. */
export interface RemediationPolicy {
  /** Stable identifier used on the command line and in reports (`bod-26-04`). */
  id: string;
  /** Human title. */
  title: string;
  /** The deadline for one finding. */
  due(input: RemediationInput): RemediationDue;
}

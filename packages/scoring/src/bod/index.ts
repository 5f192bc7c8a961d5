/** Remediation timelines: pluggable policies (CISA BOD 26-04 by default, BOD 22-01 as the alternative). */
export { bod2201Policy } from "./bod-22-01.ts";
export { type Bod2604Timeline, bod2604Policy, bod2604Timeline } from "./bod-26-04.ts";
export { DEFAULT_REMEDIATION_POLICY_ID, REMEDIATION_POLICIES, remediationPolicy } from "./registry.ts";
export type { RemediationDue, RemediationInput, RemediationPolicy } from "./types.ts";

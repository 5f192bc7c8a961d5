import type { Schemas } from "@bulwark/api-contract";

// The API types an alert's KEV, EPSS, SSVC and timeline as open JSON objects; these readers give
// the pages the fields the scanner writes (packages/core scan-report.ts) and ignore anything else.

type Alert = Schemas["Alert"];

/** CISA KEV listing of the alert's CVE. */
export interface KevFacts {
  readonly cve?: string;
  readonly dateAdded?: string;
  readonly dueDate?: string;
  readonly knownRansomwareCampaignUse?: string;
  readonly requiredAction?: string;
}

/** FIRST EPSS probability (0–1) and percentile (0–1). */
export interface EpssFacts {
  readonly cve?: string;
  readonly probability?: number;
  readonly percentile?: number;
  readonly date?: string;
}

/** The SSVC decision and the decision points it came from. */
export interface SsvcFacts {
  readonly decision?: string;
  readonly exploitation?: string;
  readonly automatable?: string;
  readonly technicalImpact?: string;
  readonly missionWellbeing?: string;
}

/** The remediation timeline of a policy (BOD 26-04). */
export interface TimelineFacts {
  readonly policy?: string;
  readonly label?: string;
  readonly days?: number;
  readonly dueDate?: string;
}

function pick<T>(record: Record<string, unknown> | null, fields: Record<keyof T, "string" | "number">): T | undefined {
  if (record === null) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, type] of Object.entries(fields)) if (typeof record[k] === type) out[k] = record[k];
  return out as T;
}

/** The alert's KEV listing, undefined when the CVE is not in KEV. */
export function kevOf(a: Alert): KevFacts | undefined {
  return pick<KevFacts>(a.kev, {
    cve: "string",
    dateAdded: "string",
    dueDate: "string",
    knownRansomwareCampaignUse: "string",
    requiredAction: "string",
  });
}

/** The alert's EPSS score, undefined when FIRST has none. */
export function epssOf(a: Alert): EpssFacts | undefined {
  return pick<EpssFacts>(a.epss, { cve: "string", probability: "number", percentile: "number", date: "string" });
}

/** The alert's SSVC decision and inputs, undefined when it could not be decided. */
export function ssvcOf(a: Alert): SsvcFacts | undefined {
  return pick<SsvcFacts>(a.ssvc, {
    decision: "string",
    exploitation: "string",
    automatable: "string",
    technicalImpact: "string",
    missionWellbeing: "string",
  });
}

/** The alert's remediation timeline, undefined when no policy applies. */
export function timelineOf(a: Alert): TimelineFacts | undefined {
  return pick<TimelineFacts>(a.timeline, { policy: "string", label: "string", days: "number", dueDate: "string" });
}

/** The statuses of alerts still being dealt with. */
export const ACTIVE_STATUSES = ["open", "acknowledged", "in-progress"] as const;

import { addDays } from "./dates.ts";
import type { RemediationDue, RemediationInput, RemediationPolicy } from "./types.ts";

/** The five BOD 26-04 remediation timelines, spelled as in CERT/CC's `cisa_bod_26_04_1_0_0` table. */
export type Bod2604Timeline =
  | "fix on system upgrade"
  | "60 days"
  | "14 days"
  | "3 days"
  | "3 days & forensic investigation";

const DAYS: Readonly<Record<Bod2604Timeline, number | undefined>> = {
  "fix on system upgrade": undefined,
  "60 days": 60,
  "14 days": 14,
  "3 days": 3,
  "3 days & forensic investigation": 3,
};

/**
 * The BOD 26-04 timeline from In KEV, Publicly Exposed, Automatable and Technical Impact.
 * The rules, most urgent first, reproduce all 16 rows of the CERT/CC table:
 * 1. in KEV, total impact, and exposed or automatable → 3 days & forensic investigation;
 * 2. three or more of the four conditions → 3 days;
 * 3. in KEV, or exposed together with automatable or total impact → 14 days;
 * 4. exposed or automatable → 60 days;
 * 5. otherwise (nothing, or total impact alone) → fix on system upgrade.
 */
export function bod2604Timeline(input: Omit<RemediationInput, "startDate" | "kev">): Bod2604Timeline {
  const automatable = input.automatable === "yes";
  const total = input.technicalImpact === "total";
  const { inKev, exposed } = input;
  const conditions = [inKev, exposed, automatable, total].filter(Boolean).length;
  if (inKev && total && (exposed || automatable)) return "3 days & forensic investigation";
  if (conditions >= 3) return "3 days";
  if (inKev || (exposed && (automatable || total))) return "14 days";
  if (exposed || automatable) return "60 days";
  return "fix on system upgrade";
}

/** CISA BOD 26-04 remediation timelines (the default policy). */
export const bod2604Policy: RemediationPolicy = {
  id: "bod-26-04",
  title: "CISA BOD 26-04: Prioritizing Security Updates Based on Risk",
  due(input: RemediationInput): RemediationDue {
    const label = bod2604Timeline(input);
    const days = DAYS[label];
    if (days === undefined) return { label };
    const dueDate = input.startDate === undefined ? undefined : addDays(input.startDate, days);
    return dueDate === undefined ? { label, days } : { label, days, dueDate };
  },
};

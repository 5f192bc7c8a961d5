import { daysBetween } from "./dates.ts";
import type { RemediationDue, RemediationInput, RemediationPolicy } from "./types.ts";

/**
 * CISA BOD 22-01: KEV entries are due on the catalog's `dueDate`; anything not in KEV has no
 * due date under this directive. `days` is the window CISA gave (dueDate − dateAdded), when both are known.
 */
export const bod2201Policy: RemediationPolicy = {
  id: "bod-22-01",
  title: "CISA BOD 22-01: Reducing the Significant Risk of Known Exploited Vulnerabilities",
  due(input: RemediationInput): RemediationDue {
    if (!input.inKev) return { label: "not in KEV" };
    const dueDate = input.kev?.dueDate;
    if (dueDate === undefined) return { label: "in KEV, due date unknown" };
    const added = input.kev?.dateAdded;
    const days = added === undefined ? undefined : daysBetween(added, dueDate);
    const label = `due ${dueDate}`;
    return days === undefined ? { label, dueDate } : { label, days, dueDate };
  },
};

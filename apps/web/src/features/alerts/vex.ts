import type { paths } from "@bulwark/api-contract";

type StatusBody = paths["/api/v1/alerts/{id}/status"]["post"]["requestBody"]["content"]["application/json"];

/** A VEX justification the status endpoint accepts (packages/core VEX_JUSTIFICATIONS, via the contract). */
export type VexJustification = NonNullable<StatusBody["justification"]>;

/** A status a user may set. */
export type SettableStatus = StatusBody["status"];

/**
 * Every VEX justification with its words. A Record over the contract's enum, so a justification
 * added in packages/core fails the console's type check until it is named here.
 */
export const VEX_JUSTIFICATIONS: Readonly<Record<VexJustification, string>> = {
  component_not_present: "Component not present",
  vulnerable_code_not_present: "Vulnerable code not present",
  vulnerable_code_not_in_execute_path: "Vulnerable code not in execute path",
  vulnerable_code_cannot_be_controlled_by_adversary: "Vulnerable code cannot be controlled by an adversary",
  inline_mitigations_already_exist: "Inline mitigations already exist",
};

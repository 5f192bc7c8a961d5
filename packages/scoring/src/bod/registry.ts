import { bod2201Policy } from "./bod-22-01.ts";
import { bod2604Policy } from "./bod-26-04.ts";
import type { RemediationPolicy } from "./types.ts";

/** Every remediation policy Bulwark ships, in the order help texts list them. */
export const REMEDIATION_POLICIES: readonly RemediationPolicy[] = [bod2604Policy, bod2201Policy];

/** The policy used when none is chosen. */
export const DEFAULT_REMEDIATION_POLICY_ID = bod2604Policy.id;

/** The policy with this id, or undefined (the CLI turns that into a usage error listing `REMEDIATION_POLICIES`). */
export function remediationPolicy(id: string): RemediationPolicy | undefined {
  return REMEDIATION_POLICIES.find((policy) => policy.id === id);
}

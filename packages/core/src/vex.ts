/**
 * Why a product is not affected, in the vocabulary OpenVEX and CSAF (`flags[].label`) share and
 * CISA's minimum requirements for VEX name: the justifications a not-affected statement needs.
 */
export const VEX_JUSTIFICATIONS = [
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist",
] as const;

/** One of {@link VEX_JUSTIFICATIONS}. */
export type VexJustification = (typeof VEX_JUSTIFICATIONS)[number];

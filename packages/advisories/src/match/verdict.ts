/** Why a version was judged affected. */
export type AffectedBy = "versions" | "range";

/**
 * The answer to "is this version affected by this `affected[]` entry?".
 * `undetermined` carries a human-readable reason: Bulwark never silently drops
 * what it cannot judge.
 */
export type AffectedVerdict =
  | { readonly status: "affected"; readonly by: AffectedBy; readonly rangeIndex?: number }
  | { readonly status: "not-affected" }
  | { readonly status: "undetermined"; readonly reason: string };

/** The verdict for versions outside every range. */
export const NOT_AFFECTED: AffectedVerdict = Object.freeze({ status: "not-affected" });

/**
 * @bulwark/access: who may see and do what on the clearinghouse, decided in one place.
 *
 * - `tlp.ts`: TLP 2.0 labels, parsing and rank.
 * - `roles.ts`: organisation kinds and sectors, org roles and their permissions, platform roles.
 * - `visibility.ts`: `canSee` — the TLP + participation rule every list, count and read applies.
 *
 * Pure: no I/O, no clock, no environment. The rules are documented in docs/access-control.md.
 */

export type { OperatorSector, OrgAction, OrgKind, OrgRole, PlatformRole } from "./roles.ts";
export {
  OPERATOR_SECTORS,
  ORG_ACTIONS,
  ORG_KINDS,
  ORG_ROLES,
  orgCan,
  orgCanUpdate,
  orgRoleRank,
  PLATFORM_ROLES,
  parseOperatorSector,
  parseOrgAction,
  parseOrgKind,
  parseOrgRole,
  parsePlatformRole,
} from "./roles.ts";
export type { TlpLabel } from "./tlp.ts";
export { isAtLeast, isTlpLabel, parseTlp, TLP_LABELS, tlpRank } from "./tlp.ts";
export type { Relationship, SharedObject, Viewer } from "./visibility.ts";
export {
  ANONYMOUS,
  canSee,
  effectiveTlp,
  labelsOpenedBy,
  RELATIONSHIP_CEILING,
  RELATIONSHIPS,
  relationshipsOf,
  whyVisible,
} from "./visibility.ts";

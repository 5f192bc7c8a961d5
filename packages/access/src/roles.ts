/** The kinds of organisation on the clearinghouse; `coordinator` is the clearinghouse itself. */
export const ORG_KINDS = ["operator", "vendor", "ai-developer", "researcher", "government", "coordinator"] as const;

/** One of {@link ORG_KINDS}. The kind never widens visibility: only memberships and platform roles do. */
export type OrgKind = (typeof ORG_KINDS)[number];

/** Critical-infrastructure sectors of an `operator` organisation. */
export const OPERATOR_SECTORS = [
  "healthcare",
  "financial",
  "energy",
  "water",
  "communications",
  "government",
  "other",
] as const;

/** One of {@link OPERATOR_SECTORS}. */
export type OperatorSector = (typeof OPERATOR_SECTORS)[number];

/** A user's roles inside one organisation, most powerful first. */
export const ORG_ROLES = ["owner", "admin", "analyst", "member", "viewer"] as const;

/** One of {@link ORG_ROLES}. Every role, `viewer` included, makes the user a member for visibility. */
export type OrgRole = (typeof ORG_ROLES)[number];

/**
 * Platform-wide roles, held by people rather than organisations and kept apart from
 * {@link OrgRole}. Only `coordinator` affects what a user can see (TLP:AMBER); `admin` manages
 * accounts and `auditor` reads the audit log, and neither opens any shared object.
 */
export const PLATFORM_ROLES = ["coordinator", "evaluator", "designating-official", "auditor", "admin"] as const;

/** One of {@link PLATFORM_ROLES}. */
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** What a role allows inside its organisation; visibility of shared objects is decided by `canSee`. */
export const ORG_ACTIONS = ["read", "write", "manage-members", "manage-tokens", "manage-org"] as const;

/**
 * One of {@link ORG_ACTIONS}: `read` the organisation's objects, `write` (create shared objects
 * and update one's own), `manage-members`, `manage-tokens` (the organisation's API tokens),
 * `manage-org` (rename, delete, transfer ownership).
 */
export type OrgAction = (typeof ORG_ACTIONS)[number];

// The whole org permission table; `orgCan` only looks it up. Keep docs/access-control.md in step.
const ALLOWED: Readonly<Record<OrgRole, readonly OrgAction[]>> = {
  owner: ["read", "write", "manage-members", "manage-tokens", "manage-org"],
  admin: ["read", "write", "manage-members", "manage-tokens"],
  analyst: ["read", "write"],
  member: ["read", "write"],
  viewer: ["read"],
};

// Roles that may update shared objects someone else in the organisation created.
const UPDATES_ANY: readonly OrgRole[] = ["owner", "admin", "analyst"];

function parseFrom<T extends string>(values: readonly T[], text: string): T | undefined {
  if (typeof text !== "string") return undefined;
  const wanted = text.trim().toLowerCase();
  return values.find((value) => value === wanted);
}

/** Reads an organisation kind (trimmed, any case); anything else is `undefined`. */
export function parseOrgKind(text: string): OrgKind | undefined {
  return parseFrom(ORG_KINDS, text);
}

/** Reads an operator sector (trimmed, any case); anything else is `undefined`. */
export function parseOperatorSector(text: string): OperatorSector | undefined {
  return parseFrom(OPERATOR_SECTORS, text);
}

/** Reads an organisation role (trimmed, any case); anything else is `undefined`. */
export function parseOrgRole(text: string): OrgRole | undefined {
  return parseFrom(ORG_ROLES, text);
}

/** Reads a platform role (trimmed, any case); anything else is `undefined`. */
export function parsePlatformRole(text: string): PlatformRole | undefined {
  return parseFrom(PLATFORM_ROLES, text);
}

/** Reads an organisation action (trimmed, any case); anything else is `undefined`. */
export function parseOrgAction(text: string): OrgAction | undefined {
  return parseFrom(ORG_ACTIONS, text);
}

/** viewer 0, member 1, analyst 2, admin 3, owner 4; an unknown role ranks below viewer (-1). */
export function orgRoleRank(role: OrgRole): number {
  const index = ORG_ROLES.indexOf(role);
  return index < 0 ? -1 : ORG_ROLES.length - 1 - index;
}

/**
 * Whether `role` may do `action` in its own organisation. An unknown role or action is `false`.
 * `write` for a `member` covers creating objects and updating the ones they created; use
 * {@link orgCanUpdate} for an existing object. Permissions never widen visibility: a caller
 * also checks `canSee` for the object.
 */
export function orgCan(role: OrgRole, action: OrgAction): boolean {
  if (typeof role !== "string" || !Object.hasOwn(ALLOWED, role)) return false;
  return ALLOWED[role].includes(action);
}

/**
 * Whether `role` may update an existing shared object of its organisation: owners, admins and
 * analysts any object, members only the ones they created, viewers none.
 */
export function orgCanUpdate(role: OrgRole, object: { readonly isCreator: boolean }): boolean {
  if (!orgCan(role, "write")) return false;
  return UPDATES_ANY.includes(role) || object.isCreator === true;
}

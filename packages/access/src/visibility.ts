/**
 * Who may see a shared object (finding, case, advisory draft, alert). This is the only place
 * the rule is written; the database layer applies the same table as a SQL filter.
 *
 * A viewer has one or more {@link Relationship}s to an object. Each relationship has a
 * ceiling, the most restrictive TLP label it opens. The viewer sees the object when the
 * object's label ranks at or below the highest ceiling among its relationships:
 *
 * | relationship             | CLEAR | GREEN | AMBER | AMBER+STRICT | RED | ceiling      |
 * | ------------------------ | ----- | ----- | ----- | ------------ | --- | ------------ |
 * | `anonymous`              | yes   | no    | no    | no           | no  | CLEAR        |
 * | `unrelated-user`         | yes   | yes   | no    | no           | no  | GREEN        |
 * | `platform-coordinator`   | yes   | yes   | yes   | no           | no  | AMBER        |
 * | `participant-org-member` | yes   | yes   | yes   | yes          | no  | AMBER+STRICT |
 * | `owner-org-member`       | yes   | yes   | yes   | yes          | no  | AMBER+STRICT |
 * | `named-participant`      | yes   | yes   | yes   | yes          | yes | RED          |
 * | `creator`                | yes   | yes   | yes   | yes          | yes | RED          |
 *
 * Platform `admin`, `auditor`, `evaluator` and `designating-official` are not relationships:
 * they open nothing. Every org role (`viewer` included) makes a membership. A label that is
 * not exactly one of `TLP_LABELS` is treated as RED. See docs/access-control.md.
 */

import type { OrgRole, PlatformRole } from "./roles.ts";
import { isTlpLabel, TLP_LABELS, type TlpLabel, tlpRank } from "./tlp.ts";

/** Who is asking: nobody signed in, or a user with their org memberships and platform roles. */
export type Viewer =
  | { readonly kind: "anonymous" }
  | {
      readonly kind: "user";
      readonly userId: string;
      readonly memberships: readonly { orgId: string; role: OrgRole }[];
      readonly platformRoles: readonly PlatformRole[];
    };

/** The fields of any shared object that visibility depends on. */
export interface SharedObject {
  /** The object's label; a stored value that is not a canonical label counts as RED. */
  readonly tlp: TlpLabel;
  /** The organisation that owns (originated) the object. */
  readonly ownerOrgId: string;
  /** The user who created it, when known. */
  readonly createdBy?: string;
  /** Organisations taking part (a case's vendors, affected operators), whole membership included. */
  readonly participantOrgIds: readonly string[];
  /** Individuals named on the object; the only people besides the creator who see TLP:RED. */
  readonly participantUserIds: readonly string[];
}

/** The relationships, weakest first; one viewer may hold several at once. */
export const RELATIONSHIPS = [
  "anonymous",
  "unrelated-user",
  "platform-coordinator",
  "participant-org-member",
  "owner-org-member",
  "named-participant",
  "creator",
] as const;

/**
 * How a viewer stands to an object. `unrelated-user` is a signed-in user holding none of the
 * other relationships, so {@link relationshipsOf} never returns an empty list.
 */
export type Relationship = (typeof RELATIONSHIPS)[number];

/** The rules table as data: the most restrictive label each relationship opens. */
export const RELATIONSHIP_CEILING: Readonly<Record<Relationship, TlpLabel>> = {
  anonymous: "CLEAR",
  "unrelated-user": "GREEN",
  "platform-coordinator": "AMBER",
  "participant-org-member": "AMBER+STRICT",
  "owner-org-member": "AMBER+STRICT",
  "named-participant": "RED",
  creator: "RED",
};

/** A viewer for requests without a signed-in user. */
export const ANONYMOUS: Viewer = { kind: "anonymous" };

/** The label visibility is decided on: the stored label if canonical, otherwise RED (fail closed). */
export function effectiveTlp(label: unknown): TlpLabel {
  return isTlpLabel(label) ? label : "RED";
}

// Only a non-empty string identifies anyone: `undefined === undefined` or `"" === ""` must not match.
function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function memberOf(viewerOrgIds: readonly string[], orgId: unknown): boolean {
  return isId(orgId) && viewerOrgIds.includes(orgId);
}

/**
 * Every relationship `viewer` holds to `object`, in {@link RELATIONSHIPS} order. Input that is
 * malformed at runtime (a missing list, a non-string id) counts as no relationship; never throws.
 */
export function relationshipsOf(viewer: Viewer, object: SharedObject): Relationship[] {
  if (viewer?.kind !== "user") return ["anonymous"];
  const userId = isId(viewer.userId) ? viewer.userId : undefined;
  const orgIds = listOf(viewer.memberships)
    .map((membership) => (membership as { orgId?: unknown } | null)?.orgId)
    .filter(isId);
  const found: Relationship[] = [];
  if (listOf(viewer.platformRoles).includes("coordinator")) found.push("platform-coordinator");
  if (listOf(object?.participantOrgIds).some((orgId) => memberOf(orgIds, orgId))) found.push("participant-org-member");
  if (memberOf(orgIds, object?.ownerOrgId)) found.push("owner-org-member");
  if (userId !== undefined && listOf(object?.participantUserIds).includes(userId)) found.push("named-participant");
  if (userId !== undefined && object?.createdBy === userId) found.push("creator");
  return found.length === 0 ? ["unrelated-user"] : found;
}

// The relationships that open `label`, weakest first.
function openers(label: TlpLabel): Relationship[] {
  return RELATIONSHIPS.filter((relationship) => tlpRank(RELATIONSHIP_CEILING[relationship]) >= tlpRank(label));
}

/** Whether `viewer` may see `object` (list it, count it, read it). Never throws. */
export function canSee(viewer: Viewer, object: SharedObject): boolean {
  return whyVisible(viewer, object).visible;
}

const DESCRIPTION: Readonly<Record<Relationship, string>> = {
  anonymous: "not signed in",
  "unrelated-user": "a signed-in user with no tie to the object",
  "platform-coordinator": "a platform coordinator",
  "participant-org-member": "a member of a participating organisation",
  "owner-org-member": "a member of the owner organisation",
  "named-participant": "a named participant",
  creator: "the creator",
};

// A bad label as it can appear in a log line: strings quoted and cut short, other values by type only.
function shown(value: unknown): string {
  if (typeof value !== "string") return value === null ? "null" : `of type ${typeof value}`;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/**
 * The decision of {@link canSee} with a one-sentence reason for audit entries and debugging.
 * The reason names labels and relationships only, never ids or content.
 */
export function whyVisible(viewer: Viewer, object: SharedObject): { visible: boolean; reason: string } {
  const stored: unknown = object?.tlp;
  const label = effectiveTlp(stored);
  const subject = isTlpLabel(stored) ? `TLP:${label}` : `unknown TLP label ${shown(stored)} (treated as TLP:RED)`;
  const held = relationshipsOf(viewer, object);
  const allowed = openers(label);
  // The strongest granting relationship is the most informative one for an audit reader.
  const granting = [...held].reverse().find((relationship) => allowed.includes(relationship));
  if (granting !== undefined) {
    return { visible: true, reason: `${subject} is visible: the viewer is ${DESCRIPTION[granting]}` };
  }
  const needs = allowed.map((relationship) => DESCRIPTION[relationship]).join(" or ");
  const is = held.map((relationship) => DESCRIPTION[relationship]).join(", ");
  return { visible: false, reason: `${subject} is not visible: it needs ${needs}; the viewer is ${is}` };
}

/** The labels a single relationship opens, least restrictive first (a column of the rules table). */
export function labelsOpenedBy(relationship: Relationship): TlpLabel[] {
  const ceiling = Object.hasOwn(RELATIONSHIP_CEILING, relationship) ? RELATIONSHIP_CEILING[relationship] : "CLEAR";
  return TLP_LABELS.filter((label) => tlpRank(label) <= tlpRank(ceiling));
}

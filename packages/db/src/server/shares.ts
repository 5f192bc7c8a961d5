import { labelsOpenedBy, RELATIONSHIP_CEILING, type Relationship, type TlpLabel, type Viewer } from "@bulwark/access";
import type { Expression, ExpressionBuilder, Kysely, SqlBool, Transaction } from "kysely";
import type { ServerSchema } from "./schema.ts";

/** How an object is shared: its label, owner organisation, creator and participants. */
export interface Share {
  readonly objectType: string;
  readonly objectId: string;
  readonly tlp: TlpLabel;
  readonly ownerOrgId: string;
  readonly createdBy?: string;
  readonly participantOrgIds?: readonly string[];
  readonly participantUserIds?: readonly string[];
}

type Db = Kysely<ServerSchema> | Transaction<ServerSchema>;

/** Record (or replace) how an object is shared, inside the caller's transaction. */
export async function putShare(trx: Db, share: Share, now: Date): Promise<void> {
  const key = { object_type: share.objectType, object_id: share.objectId };
  await trx
    .deleteFrom("share_orgs")
    .where("object_type", "=", key.object_type)
    .where("object_id", "=", key.object_id)
    .execute();
  await trx
    .deleteFrom("share_users")
    .where("object_type", "=", key.object_type)
    .where("object_id", "=", key.object_id)
    .execute();
  await trx
    .deleteFrom("shares")
    .where("object_type", "=", key.object_type)
    .where("object_id", "=", key.object_id)
    .execute();
  await trx
    .insertInto("shares")
    .values({
      ...key,
      tlp: share.tlp,
      owner_org_id: share.ownerOrgId,
      created_by: share.createdBy ?? null,
      created_at: now.toISOString(),
    })
    .execute();
  const orgs = [...new Set(share.participantOrgIds ?? [])];
  if (orgs.length > 0)
    await trx
      .insertInto("share_orgs")
      .values(orgs.map((org_id) => ({ ...key, org_id })))
      .execute();
  const users = [...new Set(share.participantUserIds ?? [])];
  if (users.length > 0)
    await trx
      .insertInto("share_users")
      .values(users.map((user_id) => ({ ...key, user_id })))
      .execute();
}

type SharesEb = ExpressionBuilder<ServerSchema, "shares">;

/**
 * The SQL form of `canSee` from @bulwark/access, for a query over `shares`: each relationship
 * the viewer can have opens the labels up to its ceiling (the same table the pure predicate
 * uses), so lists, counts and reads all apply exactly the policy — nothing is filtered after
 * the query, and no total can count what the viewer may not see.
 */
export function visibleTo(viewer: Viewer): (eb: SharesEb) => Expression<SqlBool> {
  const opened = (r: Relationship) => labelsOpenedBy(r);
  return (eb) => {
    const ors: Expression<SqlBool>[] = [eb("shares.tlp", "in", opened("anonymous"))];
    if (viewer.kind !== "user" || typeof viewer.userId !== "string" || viewer.userId === "") return eb.or(ors);
    const userId = viewer.userId;
    ors.push(eb("shares.tlp", "in", opened("unrelated-user")));
    if (viewer.platformRoles.includes("coordinator")) ors.push(eb("shares.tlp", "in", opened("platform-coordinator")));
    const orgIds = [...new Set(viewer.memberships.map((m) => m.orgId).filter((id) => id !== ""))];
    if (orgIds.length > 0) {
      ors.push(eb.and([eb("shares.tlp", "in", opened("owner-org-member")), eb("shares.owner_org_id", "in", orgIds)]));
      ors.push(
        eb.and([
          eb("shares.tlp", "in", opened("participant-org-member")),
          eb.exists(
            eb
              .selectFrom("share_orgs")
              .select("share_orgs.org_id")
              .whereRef("share_orgs.object_type", "=", "shares.object_type")
              .whereRef("share_orgs.object_id", "=", "shares.object_id")
              .where("share_orgs.org_id", "in", orgIds),
          ),
        ]),
      );
    }
    ors.push(eb.and([eb("shares.tlp", "in", opened("creator")), eb("shares.created_by", "=", userId)]));
    ors.push(
      eb.and([
        eb("shares.tlp", "in", opened("named-participant")),
        eb.exists(
          eb
            .selectFrom("share_users")
            .select("share_users.user_id")
            .whereRef("share_users.object_type", "=", "shares.object_type")
            .whereRef("share_users.object_id", "=", "shares.object_id")
            .where("share_users.user_id", "=", userId),
        ),
      ]),
    );
    return eb.or(ors);
  };
}

/** Ids of the objects of a type the viewer may see, in id order, after `after`, at most `limit`. */
export async function visibleObjectIds(
  db: Db,
  viewer: Viewer,
  objectType: string,
  opts: { after?: string; limit: number },
): Promise<string[]> {
  let q = db
    .selectFrom("shares")
    .select("shares.object_id")
    .where("shares.object_type", "=", objectType)
    .where(visibleTo(viewer))
    .orderBy("shares.object_id")
    .limit(opts.limit);
  if (opts.after !== undefined) q = q.where("shares.object_id", ">", opts.after);
  return (await q.execute()).map((r) => r.object_id);
}

/** How many objects of a type the viewer may see (never counting the others). */
export async function countVisible(db: Db, viewer: Viewer, objectType: string): Promise<number> {
  const row = await db
    .selectFrom("shares")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("shares.object_type", "=", objectType)
    .where(visibleTo(viewer))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The share of one object, if the viewer may see it (undefined otherwise, as for a missing one). */
export async function visibleShare(
  db: Db,
  viewer: Viewer,
  objectType: string,
  objectId: string,
): Promise<Share | undefined> {
  const row = await db
    .selectFrom("shares")
    .selectAll()
    .where("shares.object_type", "=", objectType)
    .where("shares.object_id", "=", objectId)
    .where(visibleTo(viewer))
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    objectType: row.object_type,
    objectId: row.object_id,
    tlp: row.tlp as TlpLabel,
    ownerOrgId: row.owner_org_id,
    ...(row.created_by !== null && { createdBy: row.created_by }),
  };
}

// The SQL above names relationships one by one; this keeps it from silently missing one added later.
const COVERED: readonly Relationship[] = [
  "anonymous",
  "unrelated-user",
  "platform-coordinator",
  "owner-org-member",
  "participant-org-member",
  "creator",
  "named-participant",
];
if (Object.keys(RELATIONSHIP_CEILING).some((r) => !COVERED.includes(r as Relationship))) {
  throw new Error("shares.ts: a relationship of @bulwark/access has no SQL form");
}

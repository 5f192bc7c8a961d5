import { randomUUID } from "node:crypto";
import { BulwarkError } from "@bulwark/core";
import { schemeForEcosystem } from "@bulwark/versions";
import type { Kysely, Selectable } from "kysely";
import type { BlobStore } from "../blobs/blob-store.ts";
import type { BulletinArtifactsTable, BulletinDeliveriesTable, BulletinsTable, ServerSchema } from "../schema.ts";
import type { ServerSigner } from "../signing/signer.ts";

/** A bulletin's progress at one operator, in order: a status never goes back to an earlier one. */
export const DELIVERY_STATUSES = ["delivered", "viewed", "acknowledged", "applied"] as const;

/** One of {@link DELIVERY_STATUSES}. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The fixed versions of one affected package. */
export interface BulletinFix {
  readonly ecosystem: string;
  readonly name: string;
  readonly fixedVersions: readonly string[];
}

/** A vendor patch, advisory or download page. */
export interface BulletinLink {
  readonly url: string;
  readonly title?: string;
}

/** A remediation bulletin: what to do about one vulnerability group. */
export interface Bulletin {
  readonly id: string;
  /** The group's key, as alerts carry it (a CVE when there is one). */
  readonly vulnId: string;
  readonly title: string;
  readonly instructions: string;
  readonly fixes: readonly BulletinFix[];
  readonly links: readonly BulletinLink[];
  readonly createdBy?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What publishing a bulletin takes; without `fixes` (or with none) they come from the alerts. */
export interface NewBulletin {
  readonly vulnId: string;
  readonly title: string;
  readonly instructions: string;
  readonly fixes?: readonly BulletinFix[];
  readonly links?: readonly BulletinLink[];
  readonly createdBy?: string;
}

/** A change to a bulletin; an empty `fixes` derives them from the alerts again. */
export interface BulletinChanges {
  readonly title?: string;
  readonly instructions?: string;
  readonly fixes?: readonly BulletinFix[];
  readonly links?: readonly BulletinLink[];
}

/** An uploaded patch file: its bytes live in the blob store under `sha256`. */
export interface BulletinArtifact {
  readonly id: string;
  readonly bulletinId: string;
  readonly filename: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  /** base64 Ed25519 signature of the file's bytes by key `keyId`. */
  readonly signature: string;
  readonly keyId: string;
  readonly createdAt: string;
}

/** A bulletin's delivery to one operator. */
export interface BulletinDelivery {
  readonly bulletinId: string;
  readonly orgId: string;
  readonly status: DeliveryStatus;
  readonly deliveredAt: string;
  readonly viewedAt?: string;
  readonly acknowledgedAt?: string;
  readonly appliedAt?: string;
}

/** A delivery with its organisation, as the coordinator's delivery table shows it. */
export interface DeliveryRow extends BulletinDelivery {
  readonly orgName: string;
  readonly sector?: string;
}

/** How many deliveries are at each status now (they add up to `total`). */
export type DeliveryCounts = Record<DeliveryStatus, number> & { readonly total: number };

/** One alerted component of an operator's asset, as the bulletin lists it. */
export interface AffectedComponent {
  readonly alertId: string;
  readonly ecosystem: string;
  readonly name: string;
  readonly version: string;
  readonly status: string;
  readonly severity: string;
  readonly dueAt?: string;
  readonly fixedVersions: readonly string[];
}

/** An operator's asset the bulletin's vulnerability affects. */
export interface AffectedAsset {
  readonly assetId: string;
  readonly name: string;
  readonly components: readonly AffectedComponent[];
}

const RANK: Readonly<Record<DeliveryStatus, number>> = { delivered: 0, viewed: 1, acknowledged: 2, applied: 3 };
// The column, and the view's field, that records when a delivery first reached each status.
const STAMP = {
  viewed: ["viewed_at", "viewedAt"],
  acknowledged: ["acknowledged_at", "acknowledgedAt"],
  applied: ["applied_at", "appliedAt"],
} as const satisfies Record<
  Exclude<DeliveryStatus, "delivered">,
  readonly [keyof BulletinDeliveriesTable, keyof BulletinDelivery]
>;

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toBulletin(row: Selectable<BulletinsTable>): Bulletin {
  return {
    id: row.id,
    vulnId: row.vuln_id,
    title: row.title,
    instructions: row.instructions,
    fixes: parseJson<BulletinFix[]>(row.fixes, []),
    links: parseJson<BulletinLink[]>(row.links, []),
    ...(row.created_by !== null && { createdBy: row.created_by }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toArtifact(row: Selectable<BulletinArtifactsTable>): BulletinArtifact {
  return {
    id: row.id,
    bulletinId: row.bulletin_id,
    filename: row.filename,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    signature: row.signature,
    keyId: row.key_id,
    createdAt: row.created_at,
  };
}

function toDelivery(row: Selectable<BulletinDeliveriesTable>): BulletinDelivery {
  return {
    bulletinId: row.bulletin_id,
    orgId: row.org_id,
    status: row.status as DeliveryStatus,
    deliveredAt: row.delivered_at,
    ...(row.viewed_at !== null && { viewedAt: row.viewed_at }),
    ...(row.acknowledged_at !== null && { acknowledgedAt: row.acknowledged_at }),
    ...(row.applied_at !== null && { appliedAt: row.applied_at }),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Versions in the ecosystem's order where its scheme reads them; unreadable ones last, as text. */
function sortVersions(ecosystem: string, versions: Iterable<string>): string[] {
  const scheme = schemeForEcosystem(ecosystem);
  const parsed = [...new Set(versions)].map((v) => ({ v, p: scheme?.parse(v) }));
  return parsed
    .sort((a, b) => {
      if (a.p !== undefined && b.p !== undefined && scheme !== undefined) return scheme.compare(a.p, b.p);
      if (a.p !== undefined) return -1;
      if (b.p !== undefined) return 1;
      return compareText(a.v, b.v);
    })
    .map((x) => x.v);
}

/**
 * The fixed versions per affected package of a vulnerability group, from its alerts (withdrawn
 * ones left out): one entry per ecosystem and normalised name, named as the earliest alert spells
 * it, with the union of the alerts' fixed versions in version order.
 */
export async function fixesFromAlerts(db: Kysely<ServerSchema>, vulnId: string): Promise<BulletinFix[]> {
  const rows = await db
    .selectFrom("alerts")
    .select(["ecosystem", "package_name", "normalized_name", "fixed_versions", "created_at"])
    .where("vuln_id", "=", vulnId)
    .where("status", "<>", "closed")
    .execute();
  // The earliest alert names the package; same-time ties by code point, alike on both dialects.
  rows.sort((a, b) => compareText(a.created_at, b.created_at) || compareText(a.package_name, b.package_name));
  const groups = new Map<string, { ecosystem: string; name: string; versions: string[] }>();
  for (const r of rows) {
    const key = `${r.ecosystem}\u0000${r.normalized_name}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { ecosystem: r.ecosystem, name: r.package_name, versions: [] };
      groups.set(key, g);
    }
    for (const v of parseJson<unknown[]>(r.fixed_versions, [])) if (typeof v === "string") g.versions.push(v);
  }
  // Sorted here, not by SQL: the two dialects collate text differently (PyPI before npm or after).
  return [...groups.values()]
    .sort((a, b) => compareText(a.ecosystem, b.ecosystem) || compareText(a.name, b.name))
    .map((g) => ({
      ecosystem: g.ecosystem,
      name: g.name,
      fixedVersions: sortVersions(g.ecosystem, g.versions),
    }));
}

/**
 * Remediation bulletins (one per vulnerability group), their signed patch artifacts and their
 * delivery to operators. Pass a transaction to make several calls one unit.
 */
export class BulletinRepository {
  readonly #db: Kysely<ServerSchema>;

  constructor(db: Kysely<ServerSchema>) {
    this.#db = db;
  }

  /** Publish one; a vulnerability that already has a bulletin is BULWARK_OBJECT_CONFLICT. */
  async create(input: NewBulletin, now: Date): Promise<Bulletin> {
    const fixes =
      input.fixes === undefined || input.fixes.length === 0
        ? await fixesFromAlerts(this.#db, input.vulnId)
        : input.fixes;
    const row = {
      id: randomUUID(),
      vuln_id: input.vulnId,
      title: input.title,
      instructions: input.instructions,
      fixes: JSON.stringify(fixes),
      links: JSON.stringify(input.links ?? []),
      created_by: input.createdBy ?? null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    // The unique vuln_id decides a race between two publishers: the loser inserts nothing.
    const inserted = await this.#db
      .insertInto("bulletins")
      .values(row)
      .onConflict((oc) => oc.column("vuln_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted === undefined) {
      const existing = await this.byVuln(input.vulnId);
      throw new BulwarkError("BULWARK_OBJECT_CONFLICT", `${input.vulnId} already has a bulletin`, {
        hint: "Change the existing bulletin with PUT /api/v1/bulletins/{id}.",
        details: { vulnId: input.vulnId, ...(existing !== undefined && { bulletinId: existing.id }) },
      });
    }
    return toBulletin(row);
  }

  /** Change title, instructions, fixes or links; undefined when there is no such bulletin. */
  async update(id: string, changes: BulletinChanges, now: Date): Promise<Bulletin | undefined> {
    const current = await this.byId(id);
    if (current === undefined) return undefined;
    const fixes =
      changes.fixes === undefined
        ? undefined
        : changes.fixes.length === 0
          ? await fixesFromAlerts(this.#db, current.vulnId)
          : changes.fixes;
    await this.#db
      .updateTable("bulletins")
      .set({
        ...(changes.title !== undefined && { title: changes.title }),
        ...(changes.instructions !== undefined && { instructions: changes.instructions }),
        ...(fixes !== undefined && { fixes: JSON.stringify(fixes) }),
        ...(changes.links !== undefined && { links: JSON.stringify(changes.links) }),
        updated_at: now.toISOString(),
      })
      .where("id", "=", id)
      .execute();
    return this.byId(id);
  }

  /** By id. */
  async byId(id: string): Promise<Bulletin | undefined> {
    const row = await this.#db.selectFrom("bulletins").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toBulletin(row);
  }

  /** The bulletin of a vulnerability group, if it has one. */
  async byVuln(vulnId: string): Promise<Bulletin | undefined> {
    const row = await this.#db.selectFrom("bulletins").selectAll().where("vuln_id", "=", vulnId).executeTakeFirst();
    return row && toBulletin(row);
  }

  /**
   * Newest first, after the keyset `after` (`{createdAt, id}` of the last row seen), at most
   * `limit`; `deliveredTo` keeps only bulletins delivered to one of those organisations.
   */
  async list(opts: {
    limit: number;
    after?: { createdAt: string; id: string };
    vulnId?: string;
    deliveredTo?: readonly string[];
  }): Promise<Bulletin[]> {
    if (opts.deliveredTo !== undefined && opts.deliveredTo.length === 0) return [];
    let q = this.#db.selectFrom("bulletins").selectAll().orderBy("created_at", "desc").orderBy("id").limit(opts.limit);
    if (opts.vulnId !== undefined) q = q.where("vuln_id", "=", opts.vulnId);
    const after = opts.after;
    if (after !== undefined) {
      q = q.where((eb) =>
        eb.or([
          eb("created_at", "<", after.createdAt),
          eb.and([eb("created_at", "=", after.createdAt), eb("id", ">", after.id)]),
        ]),
      );
    }
    if (opts.deliveredTo !== undefined) {
      const orgIds = [...opts.deliveredTo];
      q = q.where("id", "in", (eb) =>
        eb.selectFrom("bulletin_deliveries").select("bulletin_id").where("org_id", "in", orgIds),
      );
    }
    return (await q.execute()).map(toBulletin);
  }

  /**
   * Store a patch file: its bytes go to the blob store under their SHA-256 (once, however often
   * uploaded), the server's key signs them, and the row records name, type, size and signature.
   */
  async addArtifact(
    bulletinId: string,
    file: { readonly bytes: Uint8Array; readonly filename: string; readonly mediaType: string },
    store: { readonly blobs: BlobStore; readonly signer: ServerSigner },
    now: Date,
  ): Promise<BulletinArtifact> {
    const signed = store.signer.sign(file.bytes);
    const sha256 = await store.blobs.put(file.bytes);
    if (sha256 !== signed.sha256) {
      // Both hashed the same bytes; a difference is a broken store, never a client error.
      throw new BulwarkError("BULWARK_BLOB_CORRUPT", `the blob store named the file ${sha256}, not ${signed.sha256}`);
    }
    const row = {
      id: randomUUID(),
      bulletin_id: bulletinId,
      filename: file.filename,
      media_type: file.mediaType,
      size: file.bytes.byteLength,
      sha256,
      signature: signed.signature,
      key_id: signed.keyId,
      created_at: now.toISOString(),
    };
    await this.#db.insertInto("bulletin_artifacts").values(row).execute();
    return toArtifact(row);
  }

  /** A bulletin's artifacts, oldest first. */
  async artifacts(bulletinId: string): Promise<BulletinArtifact[]> {
    const rows = await this.#db
      .selectFrom("bulletin_artifacts")
      .selectAll()
      .where("bulletin_id", "=", bulletinId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map(toArtifact);
  }

  /** One artifact of a bulletin. */
  async artifact(bulletinId: string, artifactId: string): Promise<BulletinArtifact | undefined> {
    const row = await this.#db
      .selectFrom("bulletin_artifacts")
      .selectAll()
      .where("bulletin_id", "=", bulletinId)
      .where("id", "=", artifactId)
      .executeTakeFirst();
    return row && toArtifact(row);
  }

  /**
   * Deliver to these organisations: a `delivered` row for each that has none yet. Idempotent;
   * answers the organisations it was delivered to just now (which should be told about it).
   */
  async deliver(bulletinId: string, orgIds: readonly string[], now: Date): Promise<string[]> {
    const fresh: string[] = [];
    for (const orgId of new Set(orgIds)) {
      // RETURNING yields a row only when the insert happened: a concurrent deliverer's row wins.
      const row = await this.#db
        .insertInto("bulletin_deliveries")
        .values({
          bulletin_id: bulletinId,
          org_id: orgId,
          status: "delivered",
          delivered_at: now.toISOString(),
          viewed_at: null,
          acknowledged_at: null,
          applied_at: null,
        })
        .onConflict((oc) => oc.columns(["bulletin_id", "org_id"]).doNothing())
        .returning("org_id")
        .executeTakeFirst();
      if (row !== undefined) fresh.push(row.org_id);
    }
    return fresh;
  }

  /** The delivery to one organisation, if any. */
  async delivery(bulletinId: string, orgId: string): Promise<BulletinDelivery | undefined> {
    const row = await this.#db
      .selectFrom("bulletin_deliveries")
      .selectAll()
      .where("bulletin_id", "=", bulletinId)
      .where("org_id", "=", orgId)
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  /** Which of these organisations the bulletin was delivered to. */
  async deliveredOrgIds(bulletinId: string, orgIds: readonly string[]): Promise<string[]> {
    if (orgIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom("bulletin_deliveries")
      .select("org_id")
      .where("bulletin_id", "=", bulletinId)
      .where("org_id", "in", [...orgIds])
      .orderBy("org_id")
      .execute();
    return rows.map((r) => r.org_id);
  }

  /**
   * Record that an operator viewed, acknowledged or applied the bulletin. The status only moves
   * forward (acknowledging an applied bulletin keeps it applied) and each time is set once, the
   * first time. Answers the delivery and whether its status changed; undefined when it was never
   * delivered to the organisation.
   */
  async mark(
    bulletinId: string,
    orgId: string,
    status: Exclude<DeliveryStatus, "delivered">,
    now: Date,
  ): Promise<{ delivery: BulletinDelivery; changed: boolean } | undefined> {
    const current = await this.delivery(bulletinId, orgId);
    if (current === undefined) return undefined;
    const forward = RANK[status] > RANK[current.status];
    const [stamp, field] = STAMP[status];
    const unstamped = current[field] === undefined;
    if (!forward && !unstamped) return { delivery: current, changed: false };
    let q = this.#db
      .updateTable("bulletin_deliveries")
      .set({ ...(forward && { status }), ...(unstamped && { [stamp]: now.toISOString() }) })
      .where("bulletin_id", "=", bulletinId)
      .where("org_id", "=", orgId);
    // Guards against a concurrent change: never move back, never overwrite a time.
    if (forward)
      q = q.where(
        "status",
        "in",
        DELIVERY_STATUSES.filter((s) => RANK[s] < RANK[status]),
      );
    if (unstamped) q = q.where(stamp, "is", null);
    const r = await q.executeTakeFirst();
    const after = (await this.delivery(bulletinId, orgId)) as BulletinDelivery;
    return { delivery: after, changed: forward && Number(r.numUpdatedRows) > 0 };
  }

  /** Every delivery of a bulletin with its organisation (name order), and the counts per status. */
  async deliveries(bulletinId: string): Promise<{ items: DeliveryRow[]; counts: DeliveryCounts }> {
    const rows = await this.#db
      .selectFrom("bulletin_deliveries as d")
      .innerJoin("organisations as o", "o.id", "d.org_id")
      .selectAll("d")
      .select(["o.name as org_name", "o.sector as org_sector"])
      .where("d.bulletin_id", "=", bulletinId)
      .execute();
    const counts = { delivered: 0, viewed: 0, acknowledged: 0, applied: 0, total: rows.length };
    const items = rows.map((r) => {
      const d = toDelivery(r);
      counts[d.status] += 1;
      return { ...d, orgName: r.org_name, ...(r.org_sector !== null && { sector: r.org_sector }) };
    });
    // Code-point order on both dialects (their collations differ).
    items.sort((a, b) => compareText(a.orgName, b.orgName) || compareText(a.orgId, b.orgId));
    return { items, counts };
  }

  /** Organisations with an alert for the vulnerability that is not withdrawn (`closed`): who needs the bulletin. */
  async affectedOrgIds(vulnId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom("alerts")
      .select("org_id")
      .distinct()
      .where("vuln_id", "=", vulnId)
      .where("status", "<>", "closed")
      .orderBy("org_id")
      .execute();
    return rows.map((r) => r.org_id);
  }

  /** An operator's assets the vulnerability affects, from its alerts (withdrawn ones left out), by name. */
  async affectedAssets(vulnId: string, orgId: string): Promise<AffectedAsset[]> {
    const rows = await this.#db
      .selectFrom("alerts as a")
      .innerJoin("assets as s", "s.id", "a.asset_id")
      .select([
        "a.id",
        "a.asset_id",
        "s.name as asset_name",
        "a.ecosystem",
        "a.package_name",
        "a.version",
        "a.status",
        "a.severity",
        "a.due_at",
        "a.fixed_versions",
      ])
      .where("a.vuln_id", "=", vulnId)
      .where("a.org_id", "=", orgId)
      .where("a.status", "<>", "closed")
      .orderBy("a.id")
      .execute();
    const assets = new Map<string, { assetId: string; name: string; components: AffectedComponent[] }>();
    for (const r of rows) {
      let asset = assets.get(r.asset_id);
      if (asset === undefined) {
        asset = { assetId: r.asset_id, name: r.asset_name, components: [] };
        assets.set(r.asset_id, asset);
      }
      asset.components.push({
        alertId: r.id,
        ecosystem: r.ecosystem,
        name: r.package_name,
        version: r.version,
        status: r.status,
        severity: r.severity,
        ...(r.due_at !== null && { dueAt: r.due_at }),
        fixedVersions: parseJson<string[]>(r.fixed_versions, []),
      });
    }
    for (const asset of assets.values()) {
      asset.components.sort((a, b) => compareText(a.ecosystem, b.ecosystem) || compareText(a.name, b.name));
    }
    return [...assets.values()].sort((a, b) => compareText(a.name, b.name) || compareText(a.assetId, b.assetId));
  }
}

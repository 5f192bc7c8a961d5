import {
  AlertRepository,
  type Asset,
  AssetRepository,
  advanceCursor,
  type InventoryComponent,
  KnowledgeBase,
  readCursorForUpdate,
  type ServerDb,
  type ServerSchema,
} from "@bulwark/db";
import type { Kysely } from "kysely";
import { desiredAlerts } from "./evaluate.ts";
import { KbScanKnowledge } from "./kb-scan-knowledge.ts";
import { noChanges, type ReconcileCounts, reconcileAlerts } from "./reconcile.ts";

/** The monitor's cursor in `kb_changes`. */
export const MONITOR_CURSOR = "monitor";

/** What one monitoring pass did. */
export interface MonitorReport extends ReconcileCounts {
  /** Change-feed rows read. */
  readonly changes: number;
  /** Distinct advisories among them. */
  readonly advisories: number;
  /** Assets whose components the changed advisories name. */
  readonly assets: number;
  /** Components evaluated. */
  readonly components: number;
  /** Whether more changes wait (the pass stopped at its batch size). */
  readonly more: boolean;
}

/** Options of {@link monitorKnowledgeChanges}. */
export interface MonitorOptions {
  readonly now: () => Date;
  /** Change-feed rows per pass (default 5,000). */
  readonly batchSize?: number;
}

interface AffectedAsset {
  readonly assetId: string;
  readonly inventoryId: string;
  readonly names: Set<string>;
  readonly components: InventoryComponent[];
}

// Pairs per OR-list: far under both dialects' bind limits, and each pair is an index range scan.
const PAIRS_PER_QUERY = 200;

/**
 * The reverse match: every component of every current inventory whose package (or, for OS
 * packages, whose source package) one of these advisories names, through the
 * (base ecosystem, normalised name) index; plus the packages of alerts these advisories are part of,
 * so an advisory that lost its package entries (dropped, or narrowed) still finds its alerts.
 */
export async function affectedAssets(
  db: Kysely<ServerSchema>,
  advisoryIds: readonly string[],
): Promise<Map<string, AffectedAsset>> {
  const pairs = new Map<string, { base: string; name: string }>();
  for (let i = 0; i < advisoryIds.length; i += 500) {
    const rows = await db
      .selectFrom("kb_affected")
      .select(["base", "name"])
      .distinct()
      .where("advisory_id", "in", advisoryIds.slice(i, i + 500))
      .execute();
    for (const r of rows) pairs.set(`${r.base}\u0000${r.name}`, r);
  }
  const out = new Map<string, AffectedAsset>();
  const add = (r: {
    asset_id: string;
    inventory_id: string;
    ecosystem: string;
    name: string;
    normalized_name: string;
    version: string;
    purl: string | null;
    source_name: string | null;
    source_version: string | null;
  }) => {
    let a = out.get(r.asset_id);
    if (a === undefined) {
      a = { assetId: r.asset_id, inventoryId: r.inventory_id, names: new Set(), components: [] };
      out.set(r.asset_id, a);
    }
    a.names.add(r.normalized_name);
    a.components.push({
      ecosystem: r.ecosystem,
      name: r.name,
      version: r.version,
      ...(r.purl !== null && { purl: r.purl }),
      ...(r.source_name !== null && { sourceName: r.source_name }),
      ...(r.source_version !== null && { sourceVersion: r.source_version }),
    });
  };
  const select = () =>
    db
      .selectFrom("inventory_components as c")
      .innerJoin("inventories as i", "i.id", "c.inventory_id")
      .select([
        "i.asset_id",
        "c.inventory_id",
        "c.ecosystem",
        "c.name",
        "c.normalized_name",
        "c.version",
        "c.purl",
        "c.source_name",
        "c.source_version",
      ])
      .where("i.is_current", "=", 1);
  const list = [...pairs.values()];
  for (let i = 0; i < list.length; i += PAIRS_PER_QUERY) {
    const part = list.slice(i, i + PAIRS_PER_QUERY);
    const seen = new Set<string>();
    const byName = await select()
      .where((eb) =>
        eb.or(part.map((p) => eb.and([eb("c.base_ecosystem", "=", p.base), eb("c.normalized_name", "=", p.name)]))),
      )
      .execute();
    const bySource = await select()
      .where((eb) =>
        eb.or(part.map((p) => eb.and([eb("c.base_ecosystem", "=", p.base), eb("c.source_name", "=", p.name)]))),
      )
      .execute();
    for (const r of [...byName, ...bySource]) {
      // A package that names itself as its source would come twice.
      const k = `${r.inventory_id}\u0000${r.ecosystem}\u0000${r.normalized_name}\u0000${r.version}`;
      if (seen.has(k)) continue;
      seen.add(k);
      add(r);
    }
  }
  // Alerts of these advisories whose package the advisories no longer name: their components, if still there.
  const linked = await new AlertRepository(db).packagesOfAdvisories(advisoryIds);
  for (const { assetId, normalizedName } of linked) {
    const known = out.get(assetId);
    if (known?.names.has(normalizedName)) continue;
    const rows = await select()
      .where("i.asset_id", "=", assetId)
      .where("c.normalized_name", "=", normalizedName)
      .execute();
    for (const r of rows) add(r);
    const entry = out.get(assetId);
    if (entry !== undefined) entry.names.add(normalizedName);
    else {
      const current = await db
        .selectFrom("inventories")
        .select("id")
        .where("asset_id", "=", assetId)
        .where("is_current", "=", 1)
        .executeTakeFirst();
      if (current !== undefined) {
        out.set(assetId, { assetId, inventoryId: current.id, names: new Set([normalizedName]), components: [] });
      }
    }
  }
  return out;
}

/**
 * One pass of continuous monitoring: read the knowledge base's change feed from the monitor's
 * cursor (imports through the API, `bulwark db import` from another process, the scheduled
 * sync), find the inventories the changed advisories touch, and open, update or close their
 * alerts. The evaluation reads outside any transaction; the writes and the cursor's advance
 * commit together, after checking that no other node has taken these changes meanwhile.
 */
export async function monitorKnowledgeChanges(db: ServerDb, opts: MonitorOptions): Promise<MonitorReport> {
  const batch = opts.batchSize ?? 5000;
  const k = db.kysely;
  const started = Number(
    (await k.selectFrom("job_cursors").select("position").where("name", "=", MONITOR_CURSOR).executeTakeFirst())
      ?.position ?? 0,
  );
  const changes = await k
    .selectFrom("kb_changes")
    .select(["seq", "advisory_id", "change"])
    .where("seq", ">", started)
    .orderBy("seq")
    .limit(batch)
    .execute();
  const none = { ...noChanges(), changes: 0, advisories: 0, assets: 0, components: 0, more: false };
  if (changes.length === 0) return none;
  const last = Number((changes[changes.length - 1] as { seq: number }).seq);
  // The latest change of each advisory is what it is now.
  const latest = new Map<string, string>();
  for (const c of changes) latest.set(c.advisory_id, c.change);
  const gone = new Set([...latest].filter(([, c]) => c === "withdrawn" || c === "removed").map(([id]) => id));
  const ids = [...latest.keys()];

  // With no inventory stored (a fresh server's first sync) there is nothing to match.
  const anyInventory = await k
    .selectFrom("inventories")
    .select("id")
    .where("is_current", "=", 1)
    .limit(1)
    .executeTakeFirst();
  const affected = anyInventory === undefined ? new Map<string, AffectedAsset>() : await affectedAssets(k, ids);
  const now = opts.now();
  const plans: { asset: Asset; entry: AffectedAsset; desired: Awaited<ReturnType<typeof desiredAlerts>> }[] = [];
  if (affected.size > 0) {
    const knowledge = await KbScanKnowledge.open(new KnowledgeBase(db));
    const assets = new AssetRepository(k);
    for (const entry of affected.values()) {
      const asset = await assets.byId(entry.assetId);
      if (asset === undefined) continue;
      plans.push({ asset, entry, desired: await desiredAlerts(knowledge, asset, entry.components, now) });
    }
  }
  const counts = noChanges();
  const applied = await k.transaction().execute(async (trx) => {
    const position = await readCursorForUpdate(trx, MONITOR_CURSOR, now);
    // Another node took these changes while this one evaluated them: its writes stand.
    if (position !== started) return false;
    const alerts = new AlertRepository(trx);
    for (const { asset, entry, desired } of plans) {
      const current = await trx
        .selectFrom("inventories")
        .select("id")
        .where("asset_id", "=", asset.id)
        .where("is_current", "=", 1)
        .executeTakeFirst();
      // A newer upload reconciled the asset against everything itself.
      if (current?.id !== entry.inventoryId) continue;
      const existing = await alerts.ofAsset(asset.id, [...entry.names]);
      const c = await reconcileAlerts(trx, asset, desired, existing, { kind: "advisories", gone }, now);
      for (const key of Object.keys(counts) as (keyof ReconcileCounts)[]) counts[key] += c[key];
    }
    await advanceCursor(trx, MONITOR_CURSOR, last, now);
    // Feed rows every node has read are of no further use.
    await trx.deleteFrom("kb_changes").where("seq", "<=", last).execute();
    return true;
  });
  if (!applied) return none;
  return {
    ...counts,
    changes: changes.length,
    advisories: ids.length,
    assets: plans.length,
    components: plans.reduce((n, p) => n + p.entry.components.length, 0),
    more: changes.length === batch,
  };
}

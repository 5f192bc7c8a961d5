import {
  type Alert,
  type AlertFacts,
  AlertRepository,
  type Asset,
  AssetRepository,
  advanceCursor,
  type InventoryComponent,
  KnowledgeBase,
  type NewAlert,
  readCursorForUpdate,
  type ServerDb,
  type ServerSchema,
} from "@bulwark/db";
import type { Kysely } from "kysely";
import { type AssetProfile, alertsOf, evaluateComponents } from "./evaluate.ts";
import { KbScanKnowledge } from "./kb-scan-knowledge.ts";
import { noChanges, type ReconcileCounts, reconcileAlerts } from "./reconcile.ts";

/** How long read change-feed rows are kept (a day): a warm cache older than that starts afresh. */
export const FEED_RETENTION_MS = 24 * 60 * 60 * 1000;

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

/** A component's identity for evaluation: everything matching reads of it. */
function componentKey(c: InventoryComponent): string {
  return [c.ecosystem, c.name, c.version, c.purl ?? "", c.sourceName ?? "", c.sourceVersion ?? ""].join("\u0000");
}

// Names per IN-list: far under both dialects' bind limits.
const NAMES_PER_QUERY = 500;

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
  // Grouped by ecosystem as `base = ? AND name IN (…)`: both dialects turn that into one index
  // seek per name, where an OR of (base, name) pairs sharing a base degrades to a scan of the base.
  const byBase = new Map<string, string[]>();
  for (const { base, name } of pairs.values()) {
    const names = byBase.get(base);
    if (names === undefined) byBase.set(base, [name]);
    else names.push(name);
  }
  for (const [base, names] of byBase) {
    for (let i = 0; i < names.length; i += NAMES_PER_QUERY) {
      const part = names.slice(i, i + NAMES_PER_QUERY);
      const seen = new Set<string>();
      const byName = await select()
        .where("c.base_ecosystem", "=", base)
        .where("c.normalized_name", "in", part)
        .execute();
      const bySource = await select().where("c.base_ecosystem", "=", base).where("c.source_name", "in", part).execute();
      for (const r of [...byName, ...bySource]) {
        // A package that names itself as its source would come twice.
        const k = `${r.inventory_id}\u0000${r.ecosystem}\u0000${r.normalized_name}\u0000${r.version}`;
        if (seen.has(k)) continue;
        seen.add(k);
        add(r);
      }
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
 * The part of an asset's alerts a set of changed advisories can touch: groups and alerts that
 * include a changed advisory, widened once by the advisories they share (so a group the change
 * split or merged is compared with the alerts it came from). Other vulnerabilities of the same
 * packages are left alone: an unrelated advisory's arrival must not reopen or refresh them.
 */
export function scopeToChanges(
  desired: ReadonlyMap<string, AlertFacts>,
  existing: readonly Alert[],
  changed: ReadonlySet<string>,
): { desired: Map<string, AlertFacts>; existing: Alert[] } {
  const related = new Set(changed);
  const touches = (ids: readonly string[]) => ids.some((id) => related.has(id));
  for (const a of existing)
    if (a.advisoryIds.some((id) => changed.has(id))) for (const id of a.advisoryIds) related.add(id);
  for (const f of desired.values())
    if (f.advisoryIds.some((id) => changed.has(id))) for (const id of f.advisoryIds) related.add(id);
  return {
    desired: new Map([...desired].filter(([, f]) => touches(f.advisoryIds))),
    existing: existing.filter((a) => touches(a.advisoryIds)),
  };
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
  const changed = new Set(ids);

  // With no inventory stored (a fresh server's first sync) there is nothing to match.
  const anyInventory = await k
    .selectFrom("inventories")
    .select("id")
    .where("is_current", "=", 1)
    .limit(1)
    .executeTakeFirst();
  const affected = anyInventory === undefined ? new Map<string, AffectedAsset>() : await affectedAssets(k, ids);
  const now = opts.now();
  const plans: { asset: Asset; entry: AffectedAsset; desired: Map<string, AlertFacts> }[] = [];
  if (affected.size > 0) {
    const knowledge = await KbScanKnowledge.open(new KnowledgeBase(db));
    const assets = await new AssetRepository(k).byIds([...affected.keys()]);
    // A common package (a language runtime, openssl) sits in thousands of assets at a few
    // versions: each distinct component is evaluated once per asset profile, not once per asset.
    const groups = new Map<
      string,
      { profile: AssetProfile; components: InventoryComponent[]; index: Map<string, number> }
    >();
    for (const entry of affected.values()) {
      const asset = assets.get(entry.assetId);
      if (asset === undefined) continue;
      const key = `${asset.criticality}|${asset.exposed}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { profile: asset, components: [], index: new Map() };
        groups.set(key, g);
      }
      for (const c of entry.components) {
        const ck = componentKey(c);
        if (!g.index.has(ck)) {
          g.index.set(ck, g.components.length);
          g.components.push(c);
        }
      }
    }
    const facts = new Map<string, AlertFacts[][]>();
    for (const [key, g] of groups) facts.set(key, await evaluateComponents(knowledge, g.profile, g.components, now));
    for (const entry of affected.values()) {
      const asset = assets.get(entry.assetId);
      if (asset === undefined) continue;
      const key = `${asset.criticality}|${asset.exposed}`;
      const g = groups.get(key);
      const f = facts.get(key) ?? [];
      const desired = alertsOf(entry.components.map((c) => f[g?.index.get(componentKey(c)) ?? -1] ?? []));
      plans.push({ asset, entry, desired });
    }
  }
  const counts = noChanges();
  const applied = await k.transaction().execute(async (trx) => {
    const position = await readCursorForUpdate(trx, MONITOR_CURSOR, now);
    // Another node took these changes while this one evaluated them: its writes stand.
    if (position !== started) return false;
    const alerts = new AlertRepository(trx);
    const assetIds = plans.map((p) => p.asset.id);
    const current = await new AssetRepository(trx).currentInventories(assetIds);
    const existing = await alerts.ofAssets(assetIds, [...new Set(plans.flatMap((p) => [...p.entry.names]))]);
    const opening: NewAlert[] = [];
    for (const { asset, entry, desired } of plans) {
      // A newer upload reconciled the asset against everything itself.
      if (current.get(asset.id)?.id !== entry.inventoryId) continue;
      const mine = (existing.get(asset.id) ?? []).filter((a) => entry.names.has(a.normalizedName));
      const scoped = scopeToChanges(desired, mine, changed);
      const c = await reconcileAlerts(
        trx,
        asset,
        scoped.desired,
        scoped.existing,
        { kind: "advisories", gone },
        now,
        opening,
      );
      for (const key of Object.keys(counts) as (keyof ReconcileCounts)[]) counts[key] += c[key];
    }
    await alerts.openMany(opening, now);
    await advanceCursor(trx, MONITOR_CURSOR, last, now);
    // Read rows are kept a while for the upload route's warm matcher, which catches up with the
    // feed to drop what changed (FEED_RETENTION_MS); older ones go.
    await trx
      .deleteFrom("kb_changes")
      .where("seq", "<=", last)
      .where("at", "<", new Date(now.getTime() - FEED_RETENTION_MS).toISOString())
      .execute();
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

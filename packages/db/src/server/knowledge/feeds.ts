import type { Kysely } from "kysely";
import { epssSkipReason, kevColumns, kevSkipReason, kevVersion } from "../../advisory-db/feeds.ts";
import type { ImportBatch, ImportSummary, SourceValidators } from "../../advisory-db/types.ts";
import type { ServerSchema } from "../schema.ts";
import { chunked, IN_LIST_SIZE, rowsPerInsert } from "./batches.ts";

async function storedVersion(trx: Kysely<ServerSchema>, name: string): Promise<string | undefined> {
  const row = await trx.selectFrom("kb_sources").select("version").where("name", "=", name).executeTakeFirst();
  return row?.version ?? undefined;
}

interface FeedSource extends SourceValidators {
  readonly name: "kev" | "epss";
  readonly location: string;
  readonly records: number;
  readonly version: string;
}

function feedSource(
  name: FeedSource["name"],
  from: { readonly location: string } & SourceValidators,
  records: number,
  version: string,
): FeedSource {
  return { name, location: from.location, etag: from.etag, lastModified: from.lastModified, records, version };
}

/** Upsert a feed's `kb_sources` row; like the CLI, an existing row keeps its kind. */
async function recordFeed(trx: Kysely<ServerSchema>, f: FeedSource, now: string): Promise<void> {
  const update = {
    location: f.location,
    imported_at: now,
    checked_at: now,
    records: f.records,
    etag: f.etag ?? null,
    last_modified: f.lastModified ?? null,
    version: f.version,
  };
  await trx
    .insertInto("kb_sources")
    .values({ name: f.name, kind: f.name, ...update })
    .onConflict((oc) => oc.column("name").doUpdateSet(update))
    .execute();
}

/**
 * Replace `kb_kev` with a catalog unless the stored one is newer (the CLI's rule, `kevSkipReason`).
 * Runs in the caller's transaction.
 */
export async function writeKbKev(
  trx: Kysely<ServerSchema>,
  kev: ImportBatch["kev"],
  now: string,
): Promise<ImportSummary["kev"]> {
  if (!kev) return undefined;
  const { catalog } = kev;
  const skipped = kevSkipReason(await storedVersion(trx, "kev"), catalog);
  if (skipped !== undefined) return { entries: 0, catalogVersion: catalog.catalogVersion, skipped };
  const before = new Map(
    (await trx.selectFrom("kb_kev").select(["cve_id", "date_added", "known_ransomware"]).execute()).map((r) => [
      r.cve_id,
      `${r.date_added}|${r.known_ransomware}`,
    ]),
  );
  await trx.deleteFrom("kb_kev").execute();
  // A CVE listed twice keeps its last entry, as the CLI's INSERT OR REPLACE does.
  const rows = [...new Map(catalog.entries.map((e) => [e.cveID, kevColumns(e)])).values()];
  for (const part of chunked(rows, rowsPerInsert(11))) await trx.insertInto("kb_kev").values(part).execute();
  // What changed for alerts (a listing, a delisting, a new date or ransomware use) goes to the
  // change feed as the advisories of those CVEs, so the monitor moves their alerts' due dates.
  const changed = new Set(before.keys());
  for (const r of rows) {
    if (before.get(r.cve_id) === `${r.date_added}|${r.known_ransomware}`) changed.delete(r.cve_id);
    else changed.add(r.cve_id);
  }
  await feedAdvisoriesOf(trx, [...changed], now);
  await recordFeed(trx, feedSource("kev", kev, catalog.entries.length, kevVersion(catalog)), now);
  return { entries: catalog.entries.length, catalogVersion: catalog.catalogVersion };
}

/** Write a `replaced` change-feed row for every advisory that is, or has as alias, one of these CVEs. */
async function feedAdvisoriesOf(trx: Kysely<ServerSchema>, cves: readonly string[], now: string): Promise<void> {
  const ids = new Set<string>();
  for (const part of chunked(cves, IN_LIST_SIZE)) {
    for (const r of await trx.selectFrom("kb_aliases").select("advisory_id").where("alias", "in", part).execute()) {
      ids.add(r.advisory_id);
    }
    for (const r of await trx.selectFrom("kb_advisories").select("id").where("id", "in", part).execute()) ids.add(r.id);
  }
  const rows = [...ids].map((advisory_id) => ({ advisory_id, change: "replaced", at: now }));
  for (const part of chunked(rows, rowsPerInsert(3))) await trx.insertInto("kb_changes").values(part).execute();
}

/** Replace `kb_epss` with a daily file unless the stored scores are from a later day. */
export async function writeKbEpss(
  trx: Kysely<ServerSchema>,
  epss: ImportBatch["epss"],
  now: string,
): Promise<ImportSummary["epss"]> {
  if (!epss) return undefined;
  const { file } = epss;
  const skipped = epssSkipReason(await storedVersion(trx, "epss"), file);
  if (skipped !== undefined) return { scores: 0, scoreDate: file.scoreDate, skipped };
  await trx.deleteFrom("kb_epss").execute();
  // A CVE listed twice keeps its last score, as the CLI's INSERT OR REPLACE does.
  const rows = [
    ...new Map(file.scores.map((s) => [s.cve, { cve: s.cve, epss: s.epss, percentile: s.percentile }])).values(),
  ];
  for (const part of chunked(rows, rowsPerInsert(3))) await trx.insertInto("kb_epss").values(part).execute();
  await recordFeed(trx, feedSource("epss", epss, file.scores.length, file.scoreDate), now);
  return { scores: file.scores.length, scoreDate: file.scoreDate };
}

import { inflateRawSync } from "node:zlib";
import type { AdvisoryStore, AffectedRow, EpssScore } from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";
import { affectedRow, sourceInfo } from "../../advisory-db/database.ts";
import { kevRow } from "../../advisory-db/feeds.ts";
import type { DbStatus, KevRow, SourceInfo } from "../../advisory-db/types.ts";
import type { ServerDb } from "../connect.ts";
import { SERVER_MIGRATIONS } from "../migrate.ts";
import { chunked, IN_LIST_SIZE } from "./batches.ts";
import { type KnowledgeSearchHit, searchKnowledge } from "./search.ts";

/**
 * The server's advisory knowledge base (the `kb_` tables, SQLite or PostgreSQL): the read side of
 * the CLI's `AdvisoryDatabase`, with the same answers for the same imports. Every method is async,
 * including those the CLI answers synchronously (`getDigest`, `getJson`, `idsForAlias`, `getKev`,
 * `kevEntries`, `getEpss`, `lastUpdate`, `status`): same names, same meaning, a promise of the
 * CLI's result. Write with `importIntoKnowledgeBase`.
 */
export class KnowledgeBase implements AdvisoryStore {
  /** The database the tables live in. */
  readonly db: ServerDb;

  constructor(db: ServerDb) {
    this.db = db;
  }

  get #k() {
    return this.db.kysely;
  }

  /** Entries for a package by canonical base ecosystem and normalised name; withdrawn advisories excluded. */
  async findAffected(baseEcosystem: string, normalizedName: string): Promise<AffectedRow[]> {
    // The digest comes along in the same query, as in the CLI: a scan then needs no look-up per advisory.
    const rows = await this.#k
      .selectFrom("kb_affected as a")
      .innerJoin("kb_advisories as d", "d.id", "a.advisory_id")
      .select(["a.advisory_id", "a.ecosystem", "a.entry", "a.modified", "a.aliases", "d.digest"])
      .where("a.base", "=", baseEcosystem)
      .where("a.name", "=", normalizedName)
      .where("a.withdrawn", "=", 0)
      .orderBy("a.advisory_id")
      .orderBy("a.ordinal")
      .execute();
    return rows.map(affectedRow);
  }

  /**
   * {@link findAffected} for many names of one base ecosystem at once (a thousand per query), by
   * name, without the digests; names with no entries are absent. A server-side scan of a large inventory reads its
   * whole package list this way instead of one query per package.
   */
  async findAffectedMany(
    baseEcosystem: string,
    normalizedNames: Iterable<string>,
  ): Promise<Map<string, AffectedRow[]>> {
    const out = new Map<string, AffectedRow[]>();
    for (const part of chunked([...new Set(normalizedNames)], IN_LIST_SIZE)) {
      const rows = await this.#k
        .selectFrom("kb_affected as a")
        .innerJoin("kb_advisories as d", "d.id", "a.advisory_id")
        .select(["a.name", "a.advisory_id", "a.ecosystem", "a.entry", "a.modified", "a.aliases", "d.digest"])
        .where("a.base", "=", baseEcosystem)
        .where("a.name", "in", part)
        .where("a.withdrawn", "=", 0)
        .orderBy("a.name")
        .orderBy("a.advisory_id")
        .orderBy("a.ordinal")
        .execute();
      for (const r of rows) {
        const list = out.get(r.name);
        if (list === undefined) out.set(r.name, [affectedRow(r)]);
        else list.push(affectedRow(r));
      }
    }
    return out;
  }

  /** A whole OSV record by id, withdrawn or not. */
  async getById(id: string): Promise<OsvRecord | undefined> {
    const json = await this.getJson(id);
    return json === undefined ? undefined : (JSON.parse(json) as OsvRecord);
  }

  /** A whole OSV record by id as the JSON text it was imported as. */
  async getJson(id: string): Promise<string | undefined> {
    const row = await this.#k.selectFrom("kb_advisories").select("record").where("id", "=", id).executeTakeFirst();
    return row === undefined ? undefined : inflateRawSync(row.record).toString("utf8");
  }

  /** A record's digest (`osvDigest`: id, dates, aliases, summary, severity, references). */
  async getDigest(id: string): Promise<OsvRecord | undefined> {
    const row = await this.#k.selectFrom("kb_advisories").select("digest").where("id", "=", id).executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.digest) as OsvRecord);
  }

  /**
   * The digests of many records at once, by id (ids not stored are absent): lets a server-side
   * scan load everything it will ask for before it runs the synchronous enrichment.
   */
  async getDigests(ids: Iterable<string>): Promise<Map<string, OsvRecord>> {
    const out = new Map<string, OsvRecord>();
    for (const part of chunked([...new Set(ids)], IN_LIST_SIZE)) {
      const rows = await this.#k.selectFrom("kb_advisories").select(["id", "digest"]).where("id", "in", part).execute();
      for (const r of rows) out.set(r.id, JSON.parse(r.digest) as OsvRecord);
    }
    return out;
  }

  /** How many advisories are stored (withdrawn and labelled ones included). */
  async count(): Promise<number> {
    const row = await this.#k
      .selectFrom("kb_advisories")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * TLP:CLEAR advisories by exact id (any case), alias or package name, at most `limit`: id and
   * alias matches first, then the newest. See {@link searchKnowledge}.
   */
  search(query: string, limit: number): Promise<KnowledgeSearchHit[]> {
    return searchKnowledge(this.#k, query, limit);
  }

  /** An advisory's TLP label (`CLEAR` for everything public feeds bring), undefined when not stored. */
  async tlpOf(id: string): Promise<string | undefined> {
    const row = await this.#k.selectFrom("kb_advisories").select("tlp").where("id", "=", id).executeTakeFirst();
    return row?.tlp;
  }

  /** The TLP labels of many advisories at once (one query per thousand ids); unknown ids are left out. */
  async labelsOf(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const chunk of chunked([...new Set(ids)], IN_LIST_SIZE)) {
      if (chunk.length === 0) continue;
      const rows = await this.#k.selectFrom("kb_advisories").select(["id", "tlp"]).where("id", "in", chunk).execute();
      for (const r of rows) out.set(r.id, r.tlp);
    }
    return out;
  }

  /** Advisory ids that list `alias` among their aliases, in id order. */
  async idsForAlias(alias: string): Promise<string[]> {
    const rows = await this.#k
      .selectFrom("kb_aliases")
      .select("advisory_id")
      .where("alias", "=", alias)
      .orderBy("advisory_id")
      .execute();
    return rows.map((r) => r.advisory_id);
  }

  /** The KEV entry for a CVE, if it is in the catalog. */
  async getKev(cve: string): Promise<KevRow | undefined> {
    const r = await this.#k.selectFrom("kb_kev").selectAll().where("cve_id", "=", cve).executeTakeFirst();
    return r === undefined ? undefined : kevRow(r, cve);
  }

  /** Every KEV entry in CVE order (the catalog is small: about 1,500 rows). */
  async kevEntries(): Promise<KevRow[]> {
    const rows = await this.#k.selectFrom("kb_kev").selectAll().orderBy("cve_id").execute();
    return rows.map((r) => kevRow(r, r.cve_id));
  }

  /** The EPSS score of a CVE, if scored. */
  async getEpss(cve: string): Promise<EpssScore | undefined> {
    return this.#k
      .selectFrom("kb_epss")
      .select(["cve", "epss", "percentile"])
      .where("cve", "=", cve)
      .executeTakeFirst();
  }

  /** The EPSS scores of many CVEs at once (unscored CVEs are absent); see {@link getDigests}. */
  async getEpssMany(cves: Iterable<string>): Promise<Map<string, EpssScore>> {
    const out = new Map<string, EpssScore>();
    for (const part of chunked([...new Set(cves)], IN_LIST_SIZE)) {
      const rows = await this.#k
        .selectFrom("kb_epss")
        .select(["cve", "epss", "percentile"])
        .where("cve", "in", part)
        .execute();
      for (const r of rows) out.set(r.cve, r);
    }
    return out;
  }

  /** A source's stored metadata (for conditional downloads and status). */
  async getSource(name: string): Promise<SourceInfo | undefined> {
    const r = await this.#k.selectFrom("kb_sources").selectAll().where("name", "=", name).executeTakeFirst();
    return r === undefined ? undefined : sourceInfo(r);
  }

  /** When a source was last confirmed current (import or HTTP 304); undefined for an empty knowledge base. */
  async lastUpdate(): Promise<string | undefined> {
    const row = await this.#k
      .selectFrom("kb_sources")
      .select((eb) => eb.fn.max("checked_at").as("last"))
      .executeTakeFirst();
    return row?.last ?? undefined;
  }

  /**
   * Where the knowledge base stands, for caches of what was read: the latest change-feed row
   * (advisories added, replaced, withdrawn, removed) and a mark of the KEV and EPSS imports
   * (which the feed does not list).
   */
  async changeMark(): Promise<{ seq: number; feeds: string }> {
    const feed = await this.#k
      .selectFrom("kb_changes")
      .select((eb) => eb.fn.max("seq").as("seq"))
      .executeTakeFirst();
    const feeds = await this.#k
      .selectFrom("kb_sources")
      .select((eb) => [eb.fn.max("imported_at").as("imported"), eb.fn.countAll().as("n")])
      .where("kind", "in", ["kev", "epss"])
      .executeTakeFirst();
    return { seq: Number(feed?.seq ?? 0), feeds: `${feeds?.imported ?? ""}|${feeds?.n ?? 0}` };
  }

  /**
   * The advisories changed after feed row `seq`, and the packages (`base\u0000name`) their entries
   * name now. `complete` is false when rows after `seq` were already pruned from the feed, so the
   * answer would miss changes: the caller must then start over.
   */
  async changesSince(
    seq: number,
  ): Promise<{ complete: boolean; lastSeq: number; advisoryIds: string[]; packages: string[] }> {
    const rows = await this.#k
      .selectFrom("kb_changes")
      .select(["seq", "advisory_id"])
      .where("seq", ">", seq)
      .orderBy("seq")
      .execute();
    const first = rows[0];
    // Sequences have gaps (rolled-back imports), so completeness is judged by what is kept:
    // the feed still holding a row at or before `seq` proves nothing after it was pruned.
    const kept = await this.#k
      .selectFrom("kb_changes")
      .select("seq")
      .where("seq", "<=", seq)
      .limit(1)
      .executeTakeFirst();
    const complete =
      seq === 0 ? first === undefined || Number(first.seq) === 1 || kept !== undefined : kept !== undefined;
    const advisoryIds = [...new Set(rows.map((r) => r.advisory_id))];
    const packages = new Set<string>();
    for (const part of chunked(advisoryIds, IN_LIST_SIZE)) {
      const named = await this.#k
        .selectFrom("kb_affected")
        .select(["base", "name"])
        .distinct()
        .where("advisory_id", "in", part)
        .execute();
      for (const r of named) packages.add(`${r.base}\u0000${r.name}`);
    }
    return {
      complete,
      lastSeq: rows.length === 0 ? seq : Number((rows[rows.length - 1] as { seq: number }).seq),
      advisoryIds,
      packages: [...packages],
    };
  }

  /**
   * Counts per ecosystem and source, and when each source was last imported: the CLI's `DbStatus`,
   * with `path` the database's location and `schemaVersion` the number of server migrations.
   */
  async status(): Promise<DbStatus> {
    const k = this.#k;
    const n = async (q: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }) =>
      Number((await q.executeTakeFirstOrThrow()).n);
    const perEcosystem = await k
      .selectFrom("kb_affected")
      .select((eb) => ["base", eb.fn.count("advisory_id").distinct().as("n")])
      .groupBy("base")
      .orderBy("base")
      .execute();
    const byEcosystem: Record<string, number> = {};
    for (const r of perEcosystem) byEcosystem[r.base] = Number(r.n);
    const sources = (await k.selectFrom("kb_sources").selectAll().orderBy("name").execute()).map(sourceInfo);
    return {
      path: this.db.location,
      schemaVersion: SERVER_MIGRATIONS.length,
      advisories: await n(k.selectFrom("kb_advisories").select((eb) => eb.fn.countAll().as("n"))),
      withdrawn: await n(
        k
          .selectFrom("kb_advisories")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("withdrawn", "is not", null),
      ),
      byEcosystem,
      sources,
      kevEntries: await n(k.selectFrom("kb_kev").select((eb) => eb.fn.countAll().as("n"))),
      epssScores: await n(k.selectFrom("kb_epss").select((eb) => eb.fn.countAll().as("n"))),
      lastUpdate: await this.lastUpdate(),
    };
  }
}

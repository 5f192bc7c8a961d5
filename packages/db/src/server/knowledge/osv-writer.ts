import type { ParsedOsvRecord, PreparedOsvRecord } from "@bulwark/advisories";
import { ensurePrepared } from "@bulwark/advisories";
import type { Insertable, Kysely } from "kysely";
import { ALIAS_SEPARATOR, recordOutcome, type SourceRef, type SourceState } from "../../advisory-db/import-session.ts";
import type { SourceSummary, SourceValidators } from "../../advisory-db/types.ts";
import type { KbAdvisoriesTable, KbAffectedTable, ServerSchema } from "../schema.ts";
import { chunked, IN_LIST_SIZE, rowsPerInsert } from "./batches.ts";

/** Records buffered before they are written (a few statements' worth: memory stays flat). */
const FLUSH_RECORDS = 500;

/** A record waiting to be written; `replacing` when rows of an older copy are stored and must go first. */
interface Pending {
  readonly rec: PreparedOsvRecord;
  readonly replacing: boolean;
}

/** A view of the bytes as a Buffer (no copy): better-sqlite3 binds only Buffers as BLOBs. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Writes OSV sources into the `kb_` tables inside the caller's transaction, with the CLI's
 * `ImportSession` rules (`recordOutcome`, full-export removal), but buffered: records are
 * classified one by one as they arrive and written a few hundred at a time in multi-row statements.
 */
export class OsvWriter {
  readonly #trx: Kysely<ServerSchema>;
  readonly #now: string;
  readonly #known: Map<string, number>;
  readonly #sources = new Map<string, SourceState>();
  // Keyed by id so a record delivered twice in one buffer (two sources, or a newer copy) is written
  // once: PostgreSQL refuses an upsert that touches the same row twice in one statement.
  readonly #pending = new Map<string, Pending>();
  #memberships: { source: string; advisory_id: string }[] = [];

  private constructor(trx: Kysely<ServerSchema>, now: string, known: Map<string, number>) {
    this.#trx = trx;
    this.#now = now;
    this.#known = known;
  }

  /** Start writing in `trx`; reads every stored (id, modified) once instead of once per record. */
  static async open(trx: Kysely<ServerSchema>, now: string): Promise<OsvWriter> {
    const rows = await trx.selectFrom("kb_advisories").select(["id", "modified_ms"]).execute();
    return new OsvWriter(trx, now, new Map(rows.map((r) => [r.id, Number(r.modified_ms)])));
  }

  async #state(ref: SourceRef): Promise<SourceState> {
    let s = this.#sources.get(ref.source);
    if (s === undefined) {
      const held = await this.#trx
        .selectFrom("kb_advisory_sources")
        .select("advisory_id")
        .where("source", "=", ref.source)
        .execute();
      s = {
        location: ref.location,
        full: ref.full,
        members: new Set(held.map((r) => r.advisory_id)),
        seen: new Set(),
        validators: undefined,
        added: 0,
        updated: 0,
        unchanged: 0,
        older: 0,
      };
      this.#sources.set(ref.source, s);
    }
    return s;
  }

  /** Add records of a source; may be called several times for one source. */
  async addRecords(ref: SourceRef, records: Iterable<ParsedOsvRecord | PreparedOsvRecord>): Promise<void> {
    const s = await this.#state(ref);
    for (const raw of records) {
      const rec = ensurePrepared(raw);
      s.seen.add(rec.id);
      const outcome = recordOutcome(this.#known.get(rec.id), rec.modifiedMs);
      s[outcome]++;
      if (outcome === "added" || outcome === "updated") {
        const earlier = this.#pending.get(rec.id);
        // Still buffered: nothing of it is stored yet unless the buffered copy was itself a replacement.
        this.#pending.set(rec.id, { rec, replacing: earlier ? earlier.replacing : outcome === "updated" });
        this.#known.set(rec.id, rec.modifiedMs);
      }
      if (!s.members.has(rec.id)) {
        s.members.add(rec.id);
        this.#memberships.push({ source: ref.source, advisory_id: rec.id });
      }
      if (this.#pending.size >= FLUSH_RECORDS || this.#memberships.length >= 10 * FLUSH_RECORDS) await this.flush();
    }
  }

  /** Record HTTP validators for a source already added. */
  setValidators(source: string, validators: SourceValidators): void {
    const s = this.#sources.get(source);
    if (s !== undefined) s.validators = validators;
  }

  /** Write everything buffered. */
  async flush(): Promise<void> {
    const trx = this.#trx;
    const pending = [...this.#pending.values()];
    const memberships = this.#memberships;
    this.#pending.clear();
    this.#memberships = [];

    await this.#deleteRows(pending.filter((p) => p.replacing).map((p) => p.rec.id));
    const advisories: Insertable<KbAdvisoriesTable>[] = [];
    const affected: Insertable<KbAffectedTable>[] = [];
    const aliases: { advisory_id: string; alias: string }[] = [];
    const changes: { advisory_id: string; change: string; at: string }[] = [];
    for (const { rec, replacing } of pending) {
      changes.push({
        advisory_id: rec.id,
        change: rec.withdrawn !== null ? "withdrawn" : replacing ? "replaced" : "added",
        at: this.#now,
      });
      advisories.push({
        id: rec.id,
        modified: rec.modified,
        modified_ms: rec.modifiedMs,
        published: rec.published,
        withdrawn: rec.withdrawn,
        summary: rec.summary,
        digest: rec.digest,
        record: asBuffer(rec.deflated),
      });
      const withdrawn = rec.withdrawn === null ? 0 : 1;
      const joined = rec.aliases.join(ALIAS_SEPARATOR);
      for (const a of rec.affected) {
        affected.push({
          advisory_id: rec.id,
          ordinal: a.ordinal,
          ecosystem: a.ecosystem,
          base: a.base,
          name: a.name,
          modified: rec.modified,
          withdrawn,
          aliases: joined,
          entry: a.entry,
        });
      }
      for (const alias of rec.aliases) aliases.push({ advisory_id: rec.id, alias });
    }
    // The TLP label is left out of the update: an import never relabels a stored advisory.
    for (const part of chunked(advisories, rowsPerInsert(8))) {
      await trx
        .insertInto("kb_advisories")
        .values(part)
        .onConflict((oc) =>
          oc.column("id").doUpdateSet((eb) => ({
            modified: eb.ref("excluded.modified"),
            modified_ms: eb.ref("excluded.modified_ms"),
            published: eb.ref("excluded.published"),
            withdrawn: eb.ref("excluded.withdrawn"),
            summary: eb.ref("excluded.summary"),
            digest: eb.ref("excluded.digest"),
            record: eb.ref("excluded.record"),
          })),
        )
        .execute();
    }
    for (const part of chunked(affected, rowsPerInsert(9))) await trx.insertInto("kb_affected").values(part).execute();
    for (const part of chunked(aliases, rowsPerInsert(2))) {
      await trx
        .insertInto("kb_aliases")
        .values(part)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    // The change feed the monitor follows, in the same transaction as the change itself.
    for (const part of chunked(changes, rowsPerInsert(3))) await trx.insertInto("kb_changes").values(part).execute();
    for (const part of chunked(memberships, rowsPerInsert(2))) {
      await trx
        .insertInto("kb_advisory_sources")
        .values(part)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }

  /** Delete the package-index and alias rows of these advisories. */
  async #deleteRows(ids: readonly string[]): Promise<void> {
    for (const part of chunked(ids, IN_LIST_SIZE)) {
      await this.#trx.deleteFrom("kb_affected").where("advisory_id", "in", part).execute();
      await this.#trx.deleteFrom("kb_aliases").where("advisory_id", "in", part).execute();
    }
  }

  /**
   * Flush, apply full-export removals (a record a full source no longer has goes unless another
   * source still holds it) and record each source; the summaries in the order sources first came.
   */
  async finish(): Promise<SourceSummary[]> {
    await this.flush();
    const out: SourceSummary[] = [];
    for (const [name, s] of this.#sources) {
      const removed = s.full ? await this.#removeMissing(name, s) : 0;
      const row = {
        name,
        kind: "osv",
        location: s.location,
        imported_at: this.#now,
        checked_at: this.#now,
        records: s.seen.size,
        etag: s.validators?.etag ?? null,
        last_modified: s.validators?.lastModified ?? null,
        version: null,
      };
      const { name: _key, ...update } = row;
      await this.#trx
        .insertInto("kb_sources")
        .values(row)
        .onConflict((oc) => oc.column("name").doUpdateSet(update))
        .execute();
      out.push({ source: name, added: s.added, updated: s.updated, unchanged: s.unchanged, older: s.older, removed });
    }
    return out;
  }

  async #removeMissing(name: string, s: SourceState): Promise<number> {
    const trx = this.#trx;
    const gone = [...s.members].filter((id) => !s.seen.has(id));
    const stillHeld = new Set<string>();
    for (const part of chunked(gone, IN_LIST_SIZE)) {
      await trx.deleteFrom("kb_advisory_sources").where("source", "=", name).where("advisory_id", "in", part).execute();
      const held = await trx
        .selectFrom("kb_advisory_sources")
        .select("advisory_id")
        .distinct()
        .where("advisory_id", "in", part)
        .execute();
      for (const r of held) stillHeld.add(r.advisory_id);
    }
    const orphans = gone.filter((id) => !stillHeld.has(id));
    await this.#deleteRows(orphans);
    for (const part of chunked(orphans, IN_LIST_SIZE)) {
      await trx.deleteFrom("kb_advisories").where("id", "in", part).execute();
    }
    for (const part of chunked(orphans, rowsPerInsert(3))) {
      await trx
        .insertInto("kb_changes")
        .values(part.map((advisory_id) => ({ advisory_id, change: "removed", at: this.#now })))
        .execute();
    }
    for (const id of orphans) this.#known.delete(id);
    return orphans.length;
  }
}

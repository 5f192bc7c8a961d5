import { isTlpLabel, type TlpLabel } from "@bulwark/access";
import { BulwarkError } from "@bulwark/core";
import { sql, type Transaction } from "kysely";
import type { ImportBatch, ImportSummary } from "../../advisory-db/types.ts";
import type { ServerDb } from "../connect.ts";
import type { ServerSchema } from "../schema.ts";
import { chunked, IN_LIST_SIZE } from "./batches.ts";
import { writeKbEpss, writeKbKev } from "./feeds.ts";
import { KnowledgeBase } from "./knowledge-base.ts";
import { OsvWriter } from "./osv-writer.ts";

/** Where an import writes: a knowledge base, or the server database it lives in. */
export type KnowledgeTarget = KnowledgeBase | ServerDb;

const serverDb = (t: KnowledgeTarget): ServerDb => (t instanceof KnowledgeBase ? t.db : t);

function writeFailed(db: ServerDb, e: unknown): BulwarkError {
  if (e instanceof BulwarkError) return e;
  return new BulwarkError("BULWARK_DB_WRITE_FAILED", `import failed and was rolled back: ${(e as Error).message}`, {
    cause: e,
    details: { location: db.location },
  });
}

/** How {@link importIntoKnowledgeBase} writes, beyond the batch itself. */
export interface KnowledgeImportOptions {
  /**
   * Write inside this open transaction of the target's database instead of one of its own, so
   * the caller's other writes (a clearinghouse submission's share and audit entry) commit or roll
   * back together with the import. The caller commits; an error still rolls everything back.
   * On PostgreSQL the import locks `kb_advisories` in this transaction, so the caller's reads after
   * the import see the last committed import and no other import can interleave until it ends.
   */
  readonly transaction?: Transaction<ServerSchema>;
  /**
   * TLP labels to give advisories, by id, once the records are written: set whether the record
   * was added, replaced or left as it was (the caller decides what an unchanged record means).
   * Advisories not named keep their label; new ones get the column default, CLEAR.
   */
  readonly labels?: ReadonlyMap<string, TlpLabel>;
}

/**
 * Apply a batch to the knowledge base in one transaction, with the CLI's rules (`AdvisoryDatabase.import`):
 * a newer `modified` replaces, an equal one is unchanged, an older one is skipped; a full source's
 * missing records go unless another source holds them; KEV and EPSS are replaced unless the stored
 * ones are newer; sources are recorded with their validators. Everything or nothing is stored.
 * `now` stamps the sources' import and check times. Lazy record iterables are read inside the
 * transaction; an error they throw rolls the import back like any other. `options` can put the
 * import into the caller's transaction and label advisories (see {@link KnowledgeImportOptions}).
 */
export async function importIntoKnowledgeBase(
  target: KnowledgeTarget,
  batch: ImportBatch,
  now: Date,
  options: KnowledgeImportOptions = {},
): Promise<ImportSummary> {
  const db = serverDb(target);
  const started = performance.now();
  const at = now.toISOString();
  const labels = [...(options.labels ?? [])];
  // Checked before anything is written: a label outside TLP 2.0 would read as RED everywhere.
  const bad = labels.find(([, label]) => !isTlpLabel(label));
  if (bad !== undefined) {
    throw new BulwarkError("BULWARK_DB_WRITE_FAILED", `not a TLP 2.0 label for ${bad[0]}: ${String(bad[1])}`, {
      details: { location: db.location },
    });
  }
  const run = async (trx: Transaction<ServerSchema>): Promise<ImportSummary> => {
    if (db.dialect === "postgres") {
      // One import at a time (each classifies records against what it read at its start);
      // readers go on seeing the last commit.
      await sql`LOCK TABLE kb_advisories IN EXCLUSIVE MODE`.execute(trx);
    }
    const writer = await OsvWriter.open(trx, at);
    for (const src of batch.osv ?? []) {
      await writer.addRecords(src, src.records);
      const v = batch.validators?.[src.source];
      if (v) writer.setValidators(src.source, v);
    }
    const sources = await writer.finish();
    for (const [id, label] of labels) {
      await trx.updateTable("kb_advisories").set({ tlp: label }).where("id", "=", id).execute();
    }
    const kev = await writeKbKev(trx, batch.kev, at);
    const epss = await writeKbEpss(trx, batch.epss, at);
    return {
      sources,
      problems: batch.problems ?? [],
      durationMs: performance.now() - started,
      ...(kev ? { kev } : {}),
      ...(epss ? { epss } : {}),
    };
  };
  try {
    return options.transaction === undefined
      ? await db.kysely.transaction().execute(run)
      : await run(options.transaction);
  } catch (e) {
    throw writeFailed(db, e);
  }
}

/**
 * Record that sources were confirmed current without new data (an HTTP 304), so an up-to-date
 * knowledge base is not reported stale; like the CLI's `markChecked`.
 */
export async function markSourcesChecked(target: KnowledgeTarget, names: readonly string[], now: Date): Promise<void> {
  const db = serverDb(target);
  const at = now.toISOString();
  try {
    await db.kysely.transaction().execute(async (trx) => {
      for (const part of chunked([...names], IN_LIST_SIZE)) {
        await trx.updateTable("kb_sources").set({ checked_at: at }).where("name", "in", part).execute();
      }
    });
  } catch (e) {
    throw writeFailed(db, e);
  }
}

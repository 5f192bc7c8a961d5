import type Database from "better-sqlite3";
import type { ImportBatch, ImportSummary } from "./types.ts";

type Upsert = (
  name: string,
  kind: string,
  location: string,
  records: number,
  etag: unknown,
  lm: unknown,
  version: string,
) => void;

function sourceUpsert(db: Database.Database, now: string): Upsert {
  const st = db.prepare(
    `INSERT INTO sources (name, kind, location, imported_at, checked_at, records, etag, last_modified, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET location = excluded.location, imported_at = excluded.imported_at,
       checked_at = excluded.checked_at,
       records = excluded.records, etag = excluded.etag, last_modified = excluded.last_modified, version = excluded.version`,
  );
  return (name, kind, location, records, etag, lm, version) =>
    st.run(name, kind, location, now, now, records, etag ?? null, lm ?? null, version);
}

function storedVersion(db: Database.Database, name: string): string | undefined {
  const row = db.prepare("SELECT version FROM sources WHERE name = ?").get(name) as
    | { version: string | null }
    | undefined;
  return row?.version ?? undefined;
}

/**
 * Replace the KEV table with a catalog, unless the stored catalog is newer (KEV is
 * published whole, so the newest catalog is the truth). Runs in the caller's transaction.
 */
export function writeKev(db: Database.Database, kev: ImportBatch["kev"], now: string): ImportSummary["kev"] {
  if (!kev) return undefined;
  const { catalog } = kev;
  const version = catalog.dateReleased || catalog.catalogVersion;
  const stored = storedVersion(db, "kev");
  if (stored !== undefined && version !== "" && stored > version) {
    return { entries: 0, catalogVersion: catalog.catalogVersion, skipped: `stored catalog ${stored} is newer` };
  }
  db.prepare("DELETE FROM kev").run();
  const ins = db.prepare("INSERT OR REPLACE INTO kev VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const e of catalog.entries) {
    ins.run(
      e.cveID,
      e.vendorProject,
      e.product,
      e.vulnerabilityName,
      e.dateAdded,
      e.shortDescription,
      e.requiredAction,
      e.dueDate,
      e.knownRansomwareCampaignUse,
      e.notes,
      JSON.stringify(e.cwes),
    );
  }
  sourceUpsert(db, now)("kev", "kev", kev.location, catalog.entries.length, kev.etag, kev.lastModified, version);
  return { entries: catalog.entries.length, catalogVersion: catalog.catalogVersion };
}

/** Replace the EPSS table with a daily file, unless the stored scores are from a later day. */
export function writeEpss(db: Database.Database, epss: ImportBatch["epss"], now: string): ImportSummary["epss"] {
  if (!epss) return undefined;
  const { file } = epss;
  const stored = storedVersion(db, "epss");
  if (stored !== undefined && file.scoreDate !== "" && stored > file.scoreDate) {
    return { scores: 0, scoreDate: file.scoreDate, skipped: `stored scores from ${stored} are newer` };
  }
  db.prepare("DELETE FROM epss").run();
  const ins = db.prepare("INSERT OR REPLACE INTO epss (cve, epss, percentile) VALUES (?, ?, ?)");
  for (const s of file.scores) ins.run(s.cve, s.epss, s.percentile);
  sourceUpsert(db, now)(
    "epss",
    "epss",
    epss.location,
    file.scores.length,
    epss.etag,
    epss.lastModified,
    file.scoreDate,
  );
  return { scores: file.scores.length, scoreDate: file.scoreDate };
}

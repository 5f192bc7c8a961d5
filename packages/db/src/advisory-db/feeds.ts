import type { EpssFile, KevCatalog, KevEntry } from "@bulwark/advisories";
import type Database from "better-sqlite3";
import type { ImportBatch, ImportSummary, KevRow } from "./types.ts";

/** The version a KEV catalog is stored under (`sources.version`): its release date, else its catalog version. */
export function kevVersion(catalog: KevCatalog): string {
  return catalog.dateReleased || catalog.catalogVersion;
}

/**
 * Why a KEV catalog is not stored, or undefined when it replaces the stored one. KEV is published
 * whole, so the newest catalog is the truth; shared by the CLI and the server's knowledge base.
 */
export function kevSkipReason(stored: string | undefined, catalog: KevCatalog): string | undefined {
  const version = kevVersion(catalog);
  return stored !== undefined && version !== "" && stored > version ? `stored catalog ${stored} is newer` : undefined;
}

/** Why an EPSS file is not stored, or undefined when it replaces the stored scores (a later day wins). */
export function epssSkipReason(stored: string | undefined, file: EpssFile): string | undefined {
  return stored !== undefined && file.scoreDate !== "" && stored > file.scoreDate
    ? `stored scores from ${stored} are newer`
    : undefined;
}

/** A `kev` table row: the catalog entry as text columns (`cwes` as a JSON array). */
export interface KevColumns {
  readonly cve_id: string;
  readonly vendor_project: string;
  readonly product: string;
  readonly vulnerability_name: string;
  readonly date_added: string;
  readonly short_description: string;
  readonly required_action: string;
  readonly due_date: string;
  readonly known_ransomware: string;
  readonly notes: string;
  readonly cwes: string;
}

/** A KEV entry as a `kev` row; {@link kevRow} is its inverse. Shared by the CLI and the server. */
export function kevColumns(e: KevEntry): KevColumns {
  return {
    cve_id: e.cveID,
    vendor_project: e.vendorProject,
    product: e.product,
    vulnerability_name: e.vulnerabilityName,
    date_added: e.dateAdded,
    short_description: e.shortDescription,
    required_action: e.requiredAction,
    due_date: e.dueDate,
    known_ransomware: e.knownRansomwareCampaignUse,
    notes: e.notes,
    cwes: JSON.stringify(e.cwes),
  };
}

/** A `kev` row (any store with the CLI's columns) as the KEV entry it was imported from. */
export function kevRow(r: Readonly<Record<string, string>>, cve: string): KevRow {
  return {
    cveID: r.cve_id ?? cve,
    vendorProject: r.vendor_project ?? "",
    product: r.product ?? "",
    vulnerabilityName: r.vulnerability_name ?? "",
    dateAdded: r.date_added ?? "",
    shortDescription: r.short_description ?? "",
    requiredAction: r.required_action ?? "",
    dueDate: r.due_date ?? "",
    knownRansomwareCampaignUse: r.known_ransomware ?? "Unknown",
    notes: r.notes ?? "",
    cwes: JSON.parse(r.cwes ?? "[]") as string[],
  };
}

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
  const version = kevVersion(catalog);
  const skipped = kevSkipReason(storedVersion(db, "kev"), catalog);
  if (skipped !== undefined) return { entries: 0, catalogVersion: catalog.catalogVersion, skipped };
  db.prepare("DELETE FROM kev").run();
  const ins = db.prepare(
    `INSERT OR REPLACE INTO kev VALUES (@cve_id, @vendor_project, @product, @vulnerability_name, @date_added,
       @short_description, @required_action, @due_date, @known_ransomware, @notes, @cwes)`,
  );
  for (const e of catalog.entries) ins.run(kevColumns(e));
  sourceUpsert(db, now)("kev", "kev", kev.location, catalog.entries.length, kev.etag, kev.lastModified, version);
  return { entries: catalog.entries.length, catalogVersion: catalog.catalogVersion };
}

/** Replace the EPSS table with a daily file, unless the stored scores are from a later day. */
export function writeEpss(db: Database.Database, epss: ImportBatch["epss"], now: string): ImportSummary["epss"] {
  if (!epss) return undefined;
  const { file } = epss;
  const skipped = epssSkipReason(storedVersion(db, "epss"), file);
  if (skipped !== undefined) return { scores: 0, scoreDate: file.scoreDate, skipped };
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

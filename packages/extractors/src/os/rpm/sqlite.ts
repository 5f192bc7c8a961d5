import Database from "better-sqlite3";

// Opening an rpmdb.sqlite from the bytes the walker read, without touching the disk.

const SQLITE_MAGIC = "SQLite format 3\u0000";

/** The header blobs of an rpm sqlite database, in install order, or a reason it cannot be read. Never throws. */
export function readPackageBlobs(content: Uint8Array): { hnum: number; blob: Uint8Array }[] | string {
  if (content.length < 100 || new TextDecoder().decode(content.subarray(0, 16)) !== SQLITE_MAGIC) {
    return "not an SQLite database";
  }
  // A database left in WAL mode (bytes 18-19 = 2, how rpm leaves it) cannot be opened from memory;
  // marking a private copy as rollback-journal reads the same pages. Uncheckpointed changes in a
  // separate -wal file are not seen.
  const bytes = Buffer.from(content);
  bytes[18] = 1;
  bytes[19] = 1;
  let db: Database.Database | undefined;
  try {
    db = new Database(bytes, { readonly: true });
    const rows = db.prepare("SELECT hnum, blob FROM Packages ORDER BY hnum").all() as {
      hnum: unknown;
      blob: unknown;
    }[];
    return rows
      .filter(
        (r): r is { hnum: number; blob: Uint8Array } => typeof r.hnum === "number" && r.blob instanceof Uint8Array,
      )
      .map((r) => ({ hnum: r.hnum, blob: r.blob }));
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    db?.close();
  }
}

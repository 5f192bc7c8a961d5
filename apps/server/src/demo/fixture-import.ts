import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type ImportProblem,
  iterateOsvZip,
  type PreparedOsvRecord,
  parseEpss,
  parseKev,
  prepareOsvRecord,
} from "@bulwark/advisories";
import { BulwarkError } from "@bulwark/core";
import { type ImportBatch, type ImportSummary, importIntoKnowledgeBase, type ServerDb } from "@bulwark/db";
import { ECOSYSTEMS } from "@bulwark/versions";

const KNOWN_ECOSYSTEMS = new Set(ECOSYSTEMS.map((e) => e.name));

/** What {@link importFixtureAdvisories} did. */
export interface FixtureImport {
  /** Sources imported now (`osv:PyPI`, `kev`, `epss` …). */
  readonly imported: readonly string[];
  /** Sources left alone because the knowledge base already has them. */
  readonly skipped: readonly string[];
  /** The importer's summary, when anything was imported. */
  readonly summary?: ImportSummary;
}

/** One input of the bundled set: its source name (as `bulwark db import` names it) and file. */
interface FixtureSource {
  readonly name: string;
  readonly kind: "osv" | "kev" | "epss";
  readonly path: string;
}

function unavailable(what: string): BulwarkError {
  return new BulwarkError("BULWARK_DEMO_UNAVAILABLE", `the demo's fixtures are incomplete: ${what}`);
}

/**
 * The bundled advisory inputs: every `osv/<Ecosystem>/all.zip` (source `osv:<Ecosystem>`, as
 * `bulwark db import` names an osv.dev export), the KEV catalog and the EPSS file.
 */
export function fixtureSources(fixturesDir: string): FixtureSource[] {
  const osvDir = join(fixturesDir, "osv");
  if (!existsSync(osvDir)) throw unavailable(`no ${osvDir}`);
  const zips = readdirSync(osvDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(osvDir, d.name, "all.zip")))
    .map((d) => d.name)
    .sort()
    .map((eco): FixtureSource => {
      const path = resolve(osvDir, eco, "all.zip");
      return { name: KNOWN_ECOSYSTEMS.has(eco) ? `osv:${eco}` : `zip:${path}`, kind: "osv", path };
    });
  if (zips.length === 0) throw unavailable(`no osv/<Ecosystem>/all.zip in ${fixturesDir}`);
  const kev = resolve(fixturesDir, "kev", "known_exploited_vulnerabilities.json");
  if (!existsSync(kev)) throw unavailable(`no ${kev}`);
  const epssDir = join(fixturesDir, "epss");
  const epss = existsSync(epssDir) ? readdirSync(epssDir).filter((f) => /\.csv(\.gz)?$/.test(f)) : [];
  if (epss.length !== 1) throw unavailable(`expected one EPSS .csv(.gz) in ${epssDir}`);
  return [
    ...zips,
    { name: "kev", kind: "kev", path: kev },
    { name: "epss", kind: "epss", path: resolve(epssDir, epss[0] as string) },
  ];
}

/** An export zip's records prepared for storage, as `bulwark db import` reads them. */
function readZip(path: string, problems: ImportProblem[]): PreparedOsvRecord[] {
  const out: PreparedOsvRecord[] = [];
  for (const rec of iterateOsvZip(readFileSync(path), path, problems)) out.push(prepareOsvRecord(rec));
  return out;
}

/**
 * Import the bundled advisories (fixtures/osv, KEV, EPSS) into the server's knowledge base
 * through the importer `bulwark db import --data-dir` uses (`importIntoKnowledgeBase`, one
 * transaction, its rules on newer and older records). A source the knowledge base already has is
 * skipped, whoever imported it: a second seed does nothing, and a server that syncs osv.dev
 * keeps its full exports (importing a small `osv:PyPI` as a full export would drop the rest).
 * Files are read before the transaction opens, so readers of a running server wait only for the write.
 */
export async function importFixtureAdvisories(db: ServerDb, fixturesDir: string, now: Date): Promise<FixtureImport> {
  const sources = fixtureSources(fixturesDir);
  const present = new Set(
    (
      await db.kysely
        .selectFrom("kb_sources")
        .select("name")
        .where(
          "name",
          "in",
          sources.map((s) => s.name),
        )
        .execute()
    ).map((r) => r.name),
  );
  const todo = sources.filter((s) => !present.has(s.name));
  const skipped = sources.filter((s) => present.has(s.name)).map((s) => s.name);
  if (todo.length === 0) return { imported: [], skipped };
  const problems: ImportProblem[] = [];
  const osv: NonNullable<ImportBatch["osv"]>[number][] = [];
  let kev: ImportBatch["kev"];
  let epss: ImportBatch["epss"];
  for (const s of todo) {
    if (s.kind === "osv")
      osv.push({ source: s.name, location: s.path, full: true, records: readZip(s.path, problems) });
    else if (s.kind === "kev")
      kev = { catalog: parseKev(JSON.parse(readFileSync(s.path, "utf8")), s.path), location: s.path };
    else epss = { file: parseEpss(readFileSync(s.path), s.path), location: s.path };
  }
  const summary = await importIntoKnowledgeBase(
    db,
    { osv, problems, ...(kev !== undefined && { kev }), ...(epss !== undefined && { epss }) },
    now,
  );
  return { imported: todo.map((s) => s.name), skipped, summary };
}

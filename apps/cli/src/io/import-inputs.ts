import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  type EpssFile,
  type ImportProblem,
  isImportProblem,
  type KevCatalog,
  looksLikeKev,
  type ParsedOsvRecord,
  parseEpss,
  parseKev,
  parseOsvBytes,
  parseOsvJson,
} from "@bulwark/advisories";
import { BulwarkError } from "@bulwark/core";
import type { OsvSourceImport } from "@bulwark/db";
import { ECOSYSTEMS } from "@bulwark/versions";
import type { ZipJob } from "./zip-worker-protocol.ts";

/** Size limits for local inputs. */
const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_JSON_BYTES = 512 * 1024 * 1024;
const MAX_DIR_FILES = 2_000_000;

const KNOWN_ECOSYSTEMS = new Set(ECOSYSTEMS.map((e) => e.name));

/**
 * The source name of an export zip: osv.dev's layout `<Ecosystem>/all.zip` becomes
 * `osv:<Ecosystem>` (so a later `db update` of the same ecosystem replaces it);
 * any other zip is named by its absolute path.
 */
export function zipSourceName(path: string): string {
  const parent = basename(dirname(resolve(path)));
  return basename(path) === "all.zip" && KNOWN_ECOSYSTEMS.has(parent) ? `osv:${parent}` : `zip:${resolve(path)}`;
}

function readBytes(path: string, limit: number): Buffer {
  const size = statSync(path).size;
  if (size > limit) {
    throw new BulwarkError("BULWARK_INPUT_TOO_LARGE", `${path} is ${size} bytes; the limit is ${limit}`, {
      details: { path, size },
    });
  }
  return readFileSync(path);
}

/**
 * What an import will read: export zips (read later, on the reader thread, inside the
 * transaction) and everything else already parsed.
 */
export interface ImportPlan {
  readonly zips: ZipJob[];
  readonly osv: OsvSourceImport[];
  kev?: { catalog: KevCatalog; location: string };
  epss?: { file: EpssFile; location: string };
  readonly problems: ImportProblem[];
}

type Collected = ImportPlan;

function addZip(path: string, acc: Collected): void {
  acc.zips.push({ path: resolve(path), source: zipSourceName(path) });
}

function walk(dir: string, out: { zips: string[]; jsons: string[] }): void {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.name.startsWith(".")) continue;
    const p = join(dir, ent.name);
    // Symlinks are not followed: an export directory has none, and following them could loop.
    if (ent.isDirectory()) walk(p, out);
    else if (ent.isFile()) {
      const lower = ent.name.toLowerCase();
      if (lower.endsWith(".zip")) out.zips.push(p);
      else if (lower.endsWith(".json")) out.jsons.push(p);
    }
    if (out.zips.length + out.jsons.length > MAX_DIR_FILES) {
      throw new BulwarkError("BULWARK_INPUT_TOO_LARGE", `${dir} holds more than ${MAX_DIR_FILES} files`);
    }
  }
}

function addDirectory(path: string, acc: Collected): void {
  const found = { zips: [] as string[], jsons: [] as string[] };
  walk(path, found);
  for (const z of found.zips.sort()) addZip(z, acc);
  if (found.jsons.length === 0) {
    if (found.zips.length === 0) {
      throw new BulwarkError(
        "BULWARK_INPUT_FORMAT_UNKNOWN",
        `${path} contains no OSV .json files or export .zip files`,
      );
    }
    return;
  }
  const records: ParsedOsvRecord[] = [];
  for (const f of found.jsons.sort()) {
    const parsed = parseOsvBytes(readBytes(f, MAX_JSON_BYTES), f);
    if (isImportProblem(parsed)) acc.problems.push(parsed);
    else records.push(parsed);
  }
  acc.osv.push({ source: `dir:${resolve(path)}`, location: resolve(path), full: true, records });
}

function addJsonFile(path: string, acc: Collected): void {
  const text = readBytes(path, MAX_JSON_BYTES).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BulwarkError("BULWARK_INPUT_FORMAT_UNKNOWN", `${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (looksLikeKev(value)) {
    acc.kev = { catalog: parseKev(value, path), location: resolve(path) };
    return;
  }
  if (!Array.isArray(value) && (typeof value !== "object" || value === null || !("id" in value))) {
    throw new BulwarkError(
      "BULWARK_INPUT_FORMAT_UNKNOWN",
      `${path} is neither an OSV record, a list of them, nor a KEV catalog`,
    );
  }
  const records: ParsedOsvRecord[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      const parsed = parseOsvJson(JSON.stringify(v), `${path}[${i}]`);
      if (isImportProblem(parsed)) acc.problems.push(parsed);
      else records.push(parsed);
    });
  } else {
    const parsed = parseOsvJson(text, path);
    if (isImportProblem(parsed)) acc.problems.push(parsed);
    else records.push(parsed);
  }
  acc.osv.push({ source: `file:${resolve(path)}`, location: resolve(path), full: true, records });
}

/**
 * Plan an import of local inputs (osv.dev export zips, directories of OSV JSON or of
 * zips, single OSV JSON files, the KEV JSON, FIRST EPSS CSV[.gz]). Everything but the
 * zips is read now; input-level failures throw coded errors before anything is written.
 */
export function planImport(paths: readonly string[]): ImportPlan {
  const acc: Collected = { zips: [], osv: [], problems: [] };
  for (const path of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path);
    } catch {
      throw new BulwarkError("BULWARK_INPUT_NOT_FOUND", `${path} does not exist or cannot be read`, {
        details: { path },
      });
    }
    const lower = path.toLowerCase();
    if (st.isDirectory()) addDirectory(path, acc);
    else if (lower.endsWith(".zip")) addZip(path, acc);
    else if (lower.endsWith(".json")) addJsonFile(path, acc);
    else if (lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".gz")) {
      acc.epss = { file: parseEpss(readBytes(path, MAX_FILE_BYTES), path), location: resolve(path) };
    } else {
      throw new BulwarkError("BULWARK_INPUT_FORMAT_UNKNOWN", `cannot tell what ${path} is from its name`);
    }
  }
  return acc;
}

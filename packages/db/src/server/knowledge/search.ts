import { inflateRawSync } from "node:zlib";
import type { OsvRecord } from "@bulwark/core";
import { canonicalBaseName, ECOSYSTEMS, normalizePackageName, purlToPackage } from "@bulwark/versions";
import type { ExpressionBuilder, Kysely } from "kysely";
import type { ServerSchema } from "../schema.ts";
import { chunked, IN_LIST_SIZE } from "./batches.ts";

/** One advisory found by {@link searchKnowledge}. */
export interface KnowledgeSearchHit {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly published?: string;
  readonly modified: string;
  readonly withdrawn?: string;
  /** The packages of its `affected[]` entries as the record names them, each once. */
  readonly packages: readonly { ecosystem: string; name: string }[];
  /** Whether its id or a CVE alias is in the CISA KEV catalog. */
  readonly kev: boolean;
  /** Found by its id or an alias (not only by package). */
  readonly exact: boolean;
  /** The whole record, for what the caller derives from it (severity). */
  readonly record: OsvRecord;
}

const KNOWN_BASES = ECOSYSTEMS.map((e) => e.name);
const BY_LOWER = new Map(KNOWN_BASES.map((b) => [b.toLowerCase(), b]));

/**
 * The spellings an advisory id or alias typed in any case can have in the stored data: as typed,
 * upper case (CVE-…, PYSEC-…, GO-…), and an upper-case prefix with a lower-case rest (GHSA-xxxx-…,
 * BIT-django-…). Exact look-ups of these use the primary key and the alias index; a
 * case-insensitive comparison could not.
 */
function idSpellings(q: string): string[] {
  const dash = q.indexOf("-");
  const prefixed = dash < 0 ? q : `${q.slice(0, dash).toUpperCase()}${q.slice(dash).toLowerCase()}`;
  return [...new Set([q, q.toUpperCase(), prefixed])];
}

/**
 * The (base ecosystem, normalised name) keys of the package index a query names: `Eco:name`
 * (a known ecosystem, any case) or a purl names one package; a bare name is looked up in every
 * ecosystem, normalised as each normalises names. Grouped by name for one index probe each.
 */
function packageKeys(q: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  const add = (base: string, name: string) => {
    if (name === "") return;
    const list = keys.get(name);
    if (list === undefined) keys.set(name, [base]);
    else if (!list.includes(base)) list.push(base);
  };
  if (q.startsWith("pkg:")) {
    const p = purlToPackage(q);
    if (p !== undefined) add(canonicalBaseName(p.ecosystem), normalizePackageName(p.ecosystem, p.name));
    return keys;
  }
  const colon = q.indexOf(":");
  const named = colon > 0 ? BY_LOWER.get(q.slice(0, colon).trim().toLowerCase()) : undefined;
  if (named !== undefined) {
    add(named, normalizePackageName(named, q.slice(colon + 1)));
    return keys;
  }
  for (const base of KNOWN_BASES) add(base, normalizePackageName(base, q));
  return keys;
}

const clear = (eb: ExpressionBuilder<ServerSchema, "kb_advisories">) => eb("kb_advisories.tlp", "=", "CLEAR");

/**
 * Search the knowledge base's TLP:CLEAR advisories by exact id (any case), by alias (CVE-…,
 * GHSA-…) and by package name (exact after the ecosystem's normalisation; `Eco:name` or a purl
 * for one ecosystem). At most `limit` hits: id and alias matches first, then the newest
 * `modified`. Every look-up is an index probe (primary key, `kb_aliases_by_alias`,
 * `kb_affected_by_package`); only the hits' records are read.
 */
export async function searchKnowledge(
  db: Kysely<ServerSchema>,
  query: string,
  limit: number,
): Promise<KnowledgeSearchHit[]> {
  const q = query.trim();
  if (q === "" || limit < 1) return [];
  const spellings = idSpellings(q);
  const byId = await db
    .selectFrom("kb_advisories")
    .select(["id", "modified_ms"])
    .where("id", "in", spellings)
    .where(clear)
    .execute();
  const byAlias = await db
    .selectFrom("kb_aliases")
    .innerJoin("kb_advisories", "kb_advisories.id", "kb_aliases.advisory_id")
    .select(["kb_advisories.id", "kb_advisories.modified_ms"])
    .where("kb_aliases.alias", "in", spellings)
    .where(clear)
    .execute();
  const keys = packageKeys(q);
  const byPackage =
    keys.size === 0
      ? []
      : await db
          .selectFrom("kb_advisories")
          .select(["id", "modified_ms"])
          .where(clear)
          .where("id", "in", (eb) =>
            eb
              .selectFrom("kb_affected")
              .select("advisory_id")
              .where((w) =>
                w.or([...keys].map(([name, bases]) => w.and([w("name", "=", name), w("base", "in", bases)]))),
              ),
          )
          .orderBy("modified_ms", "desc")
          .orderBy("id")
          .limit(limit)
          .execute();

  const newestFirst = (a: { id: string; modified_ms: number | string }, b: typeof a) =>
    Number(b.modified_ms) - Number(a.modified_ms) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const exact = [...new Map([...byId, ...byAlias].map((r) => [r.id, r])).values()].sort(newestFirst);
  const exactIds = new Set(exact.map((r) => r.id));
  const ids = [...exact, ...byPackage.filter((r) => !exactIds.has(r.id))].slice(0, limit).map((r) => r.id);
  if (ids.length === 0) return [];

  const rows = await db
    .selectFrom("kb_advisories")
    .select(["id", "modified", "published", "withdrawn", "summary", "digest", "record"])
    .where("id", "in", ids)
    .execute();
  const records = new Map(
    rows.map((r) => [
      r.id,
      {
        row: r,
        record: JSON.parse(inflateRawSync(r.record).toString("utf8")) as OsvRecord,
        digest: JSON.parse(r.digest) as OsvRecord,
      },
    ]),
  );
  const cves = new Set<string>();
  for (const { record } of records.values()) {
    for (const id of [record.id, ...(record.aliases ?? [])]) if (id.startsWith("CVE-")) cves.add(id);
  }
  const kev = new Set<string>();
  for (const part of chunked([...cves], IN_LIST_SIZE)) {
    const listed = await db.selectFrom("kb_kev").select("cve_id").where("cve_id", "in", part).execute();
    for (const r of listed) kev.add(r.cve_id);
  }

  return ids.flatMap((id) => {
    const found = records.get(id);
    if (found === undefined) return [];
    const { row, record, digest } = found;
    const aliases = record.aliases ?? [];
    const packages = new Map<string, { ecosystem: string; name: string }>();
    for (const a of record.affected ?? []) {
      const eco = a.package?.ecosystem;
      const name = a.package?.name;
      if (eco !== undefined && name !== undefined) packages.set(`${eco}\u0000${name}`, { ecosystem: eco, name });
    }
    const summary = digest.summary ?? row.summary ?? undefined;
    return [
      {
        id,
        aliases,
        ...(summary !== undefined && { summary }),
        ...(row.published !== null && { published: row.published }),
        modified: row.modified,
        ...(row.withdrawn !== null && { withdrawn: row.withdrawn }),
        packages: [...packages.values()],
        kev: [id, ...aliases].some((x) => kev.has(x)),
        exact: exactIds.has(id),
        record,
      },
    ];
  });
}

// The parts of an OSV record (https://ossf.github.io/osv-schema/) the alert page shows, read
// defensively from the JSON /v1/vulns/{id} answers: anything malformed is left out, never thrown.

/** One range event: exactly one of its fields is set. */
export interface OsvEvent {
  readonly introduced?: string;
  readonly fixed?: string;
  readonly last_affected?: string;
  readonly limit?: string;
}

/** An affected package with its ranges and listed versions. */
export interface OsvAffected {
  readonly ecosystem?: string;
  readonly name?: string;
  readonly purl?: string;
  readonly ranges: readonly { readonly type: string; readonly events: readonly OsvEvent[] }[];
  readonly versions: readonly string[];
}

/** An OSV record as the page shows it. */
export interface OsvRecord {
  readonly id: string;
  readonly summary?: string;
  readonly details?: string;
  readonly aliases: readonly string[];
  readonly published?: string;
  readonly modified?: string;
  readonly withdrawn?: string;
  readonly references: readonly { readonly type?: string; readonly url: string }[];
  readonly affected: readonly OsvAffected[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Only web links become anchors: a javascript: or data: URL in a record must not run on click. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/\S+$/i.test(url);
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** The record's fields the page uses, from the OSV JSON. */
export function readOsvRecord(json: unknown, fallbackId: string): OsvRecord {
  const r = isObject(json) ? json : {};
  return {
    id: str(r.id) ?? fallbackId,
    ...optional("summary", str(r.summary)),
    ...optional("details", str(r.details)),
    ...optional("published", str(r.published)),
    ...optional("modified", str(r.modified)),
    ...optional("withdrawn", str(r.withdrawn)),
    aliases: strings(r.aliases),
    references: objects(r.references).flatMap((ref) => {
      const url = str(ref.url);
      return url === undefined ? [] : [{ url, ...optional("type", str(ref.type)) }];
    }),
    affected: objects(r.affected).map((a) => {
      const pkg = isObject(a.package) ? a.package : {};
      return {
        ...optional("ecosystem", str(pkg.ecosystem)),
        ...optional("name", str(pkg.name)),
        ...optional("purl", str(pkg.purl)),
        ranges: objects(a.ranges).map((range) => ({
          type: str(range.type) ?? "UNKNOWN",
          events: objects(range.events).map((e) => ({
            ...optional("introduced", str(e.introduced)),
            ...optional("fixed", str(e.fixed)),
            ...optional("last_affected", str(e.last_affected)),
            ...optional("limit", str(e.limit)),
          })),
        })),
        versions: strings(a.versions),
      };
    }),
  };
}

/**
 * A range's events as intervals people read: "from 1.0 before 1.2.3", "from the first version up to
 * 2.0 included", "from 3.0 (no fix yet)". Events are in the record's order, as OSV intends.
 */
export function describeRange(events: readonly OsvEvent[]): string[] {
  const out: string[] = [];
  let start: string | undefined;
  const from = (v: string) => (v === "0" ? "from the first version" : `from ${v}`);
  for (const e of events) {
    if (e.introduced !== undefined) {
      if (start !== undefined) out.push(`${from(start)} (no fix yet)`);
      start = e.introduced;
    } else if (e.fixed !== undefined) {
      out.push(`${from(start ?? "0")} before ${e.fixed}`);
      start = undefined;
    } else if (e.last_affected !== undefined) {
      out.push(`${from(start ?? "0")} up to ${e.last_affected} included`);
      start = undefined;
    } else if (e.limit !== undefined) {
      out.push(`${from(start ?? "0")} before ${e.limit} (limit)`);
      start = undefined;
    }
  }
  if (start !== undefined) out.push(`${from(start)} (no fix yet)`);
  return out;
}

/** Free text as paragraphs: blank lines separate them (OSV details are often Markdown; shown as text). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/**
 * The parts of an OSV record (https://ossf.github.io/osv-schema/) the console shows. The server
 * answers `/v1/vulns/{id}` as untyped JSON, so {@link parseOsvRecord} checks every field and keeps
 * only values of the expected type: a malformed field is left out, never a crash.
 */
export interface OsvRecord {
  readonly id: string;
  readonly summary?: string;
  readonly details?: string;
  readonly aliases: readonly string[];
  readonly related: readonly string[];
  readonly upstream: readonly string[];
  readonly published?: string;
  readonly modified?: string;
  readonly withdrawn?: string;
  readonly schemaVersion?: string;
  readonly severity: readonly OsvSeverity[];
  readonly affected: readonly OsvAffected[];
  readonly references: readonly OsvReference[];
  readonly credits: readonly OsvCredit[];
  /** Free-form data of the database that published the record. */
  readonly databaseSpecific?: Readonly<Record<string, unknown>>;
}

/** A severity score: its type (CVSS_V3, CVSS_V4, Ubuntu …) and the vector or value. */
export interface OsvSeverity {
  readonly type: string;
  readonly score: string;
}

/** One affected package with its ranges and enumerated versions. */
export interface OsvAffected {
  readonly ecosystem?: string;
  readonly name?: string;
  readonly purl?: string;
  readonly severity: readonly OsvSeverity[];
  readonly ranges: readonly OsvRange[];
  readonly versions: readonly string[];
  readonly ecosystemSpecific?: Readonly<Record<string, unknown>>;
  readonly databaseSpecific?: Readonly<Record<string, unknown>>;
}

/** A range (SEMVER, ECOSYSTEM or GIT) as its events, in the record's order. */
export interface OsvRange {
  readonly type: string;
  readonly repo?: string;
  readonly events: readonly OsvEvent[];
}

/** One range event: a version (or commit) where the vulnerability starts or stops. */
export interface OsvEvent {
  readonly kind: "introduced" | "fixed" | "last_affected" | "limit";
  readonly value: string;
}

/** A link: its type (ADVISORY, FIX, WEB …) and URL. */
export interface OsvReference {
  readonly type: string;
  readonly url: string;
}

/** Someone credited for the finding or the fix. */
export interface OsvCredit {
  readonly name: string;
  readonly type?: string;
  readonly contact: readonly string[];
}

type Json = Record<string, unknown>;

const EVENT_KINDS = ["introduced", "fixed", "last_affected", "limit"] as const;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v !== "") : [];
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function severities(value: unknown): OsvSeverity[] {
  return objects(value).flatMap((s) => {
    const type = text(s.type);
    const score = typeof s.score === "number" ? String(s.score) : text(s.score);
    return type !== undefined && score !== undefined ? [{ type, score }] : [];
  });
}

function events(value: unknown): OsvEvent[] {
  return objects(value).flatMap((e) =>
    EVENT_KINDS.flatMap((kind) => {
      const v = text(e[kind]);
      return v === undefined ? [] : [{ kind, value: v }];
    }),
  );
}

function affected(value: unknown): OsvAffected[] {
  return objects(value).map((a) => {
    const pkg = isObject(a.package) ? a.package : {};
    const ecosystem = text(pkg.ecosystem);
    const name = text(pkg.name);
    const purl = text(pkg.purl);
    return {
      ...(ecosystem !== undefined && { ecosystem }),
      ...(name !== undefined && { name }),
      ...(purl !== undefined && { purl }),
      severity: severities(a.severity),
      ranges: objects(a.ranges).map((r) => {
        const repo = text(r.repo);
        return { type: text(r.type) ?? "UNKNOWN", ...(repo !== undefined && { repo }), events: events(r.events) };
      }),
      versions: texts(a.versions),
      ...(isObject(a.ecosystem_specific) && { ecosystemSpecific: a.ecosystem_specific }),
      ...(isObject(a.database_specific) && { databaseSpecific: a.database_specific }),
    };
  });
}

/** The record's fields the console shows, from the JSON the server answered; `id` falls back to `fallbackId`. */
export function parseOsvRecord(json: unknown, fallbackId: string): OsvRecord {
  const o = isObject(json) ? json : {};
  const optional = (key: string, value: string | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    id: text(o.id) ?? fallbackId,
    ...optional("summary", text(o.summary)),
    ...optional("details", text(o.details)),
    ...optional("published", text(o.published)),
    ...optional("modified", text(o.modified)),
    ...optional("withdrawn", text(o.withdrawn)),
    ...optional("schemaVersion", text(o.schema_version)),
    aliases: texts(o.aliases),
    related: texts(o.related),
    upstream: texts(o.upstream),
    severity: severities(o.severity),
    affected: affected(o.affected),
    references: objects(o.references).flatMap((r) => {
      const url = text(r.url);
      return url === undefined ? [] : [{ type: text(r.type) ?? "WEB", url }];
    }),
    credits: objects(o.credits).flatMap((c) => {
      const name = text(c.name);
      const type = text(c.type);
      return name === undefined ? [] : [{ name, ...(type !== undefined && { type }), contact: texts(c.contact) }];
    }),
    ...(isObject(o.database_specific) && { databaseSpecific: o.database_specific }),
  };
}

/** One row of a range table: where an affected interval starts and how it ends. */
export interface OsvInterval {
  readonly introduced?: string;
  readonly fixed?: string;
  readonly lastAffected?: string;
  readonly limit?: string;
}

/**
 * A range's events as intervals: each `introduced` opens a row, the next fixed, last_affected or
 * limit closes it. An end without a start (allowed by the schema for limit) gets a row of its own.
 */
export function intervalsOf(range: OsvRange): OsvInterval[] {
  const rows: { introduced?: string; fixed?: string; lastAffected?: string; limit?: string }[] = [];
  let open: (typeof rows)[number] | undefined;
  for (const e of range.events) {
    if (e.kind === "introduced") {
      open = { introduced: e.value };
      rows.push(open);
      continue;
    }
    const row = open ?? {};
    if (open === undefined) rows.push(row);
    if (e.kind === "fixed") row.fixed = e.value;
    else if (e.kind === "last_affected") row.lastAffected = e.value;
    else row.limit = e.value;
    open = undefined;
  }
  return rows;
}

/** Whether a URL is safe to link to: only http and https (never javascript: or data:). */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

/** Free text as paragraphs: blank lines separate them (OSV details are often Markdown; shown as text). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

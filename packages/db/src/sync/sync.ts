import {
  type EpssFile,
  type ImportProblem,
  type KevCatalog,
  type ParsedOsvRecord,
  parseEpss,
  parseKev,
  readOsvZip,
} from "@bulwark/advisories";
import { BulwarkError, type ErrorCode, isBulwarkError } from "@bulwark/core";
import { canonicalBaseName, ECOSYSTEMS, splitEcosystem } from "@bulwark/versions";
import type {
  ImportBatch,
  ImportSummary,
  OsvSourceImport,
  SourceInfo,
  SourceValidators,
} from "../advisory-db/types.ts";
import { type DownloadOptions, download, type FetchFn, type RetryPolicy } from "./http.ts";

/** Most bytes accepted per kind of download. */
export interface SyncLimits {
  /** One `<Ecosystem>/all.zip`; osv.dev's largest exports are a few hundred MB. */
  readonly osvZipBytes: number;
  /** The KEV JSON (about 1.3 MB in 2025). */
  readonly kevBytes: number;
  /** The EPSS CSV, usually gzipped (about 2 MB gzipped, 10 MB plain in 2025). */
  readonly epssBytes: number;
  /** `ecosystems.txt`. */
  readonly ecosystemsListBytes: number;
}

/** Default {@link SyncLimits}: generous, but bounded so a broken mirror cannot exhaust memory. */
export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  osvZipBytes: 2 * 1024 * 1024 * 1024,
  kevBytes: 64 * 1024 * 1024,
  epssBytes: 256 * 1024 * 1024,
  ecosystemsListBytes: 1024 * 1024,
};

/**
 * Used when no ecosystem list is given and `<base>/ecosystems.txt` cannot be read:
 * every base ecosystem Bulwark knows. A mirror lacking some of them only yields warnings.
 */
export const FALLBACK_OSV_ECOSYSTEMS: readonly string[] = ECOSYSTEMS.map((e) => e.name);

/** Where the list of ecosystems came from. */
export type EcosystemListOrigin = "option" | "ecosystems.txt" | "fallback";

/** What happened to one source. `missing` (an ecosystem's export answered 404) is a warning, not a failure. */
export interface SourceOutcome {
  /** `osv:<Ecosystem>`, `kev` or `epss`: the name the database stores it under. */
  readonly source: string;
  readonly url: string;
  readonly status: "downloaded" | "not-modified" | "missing" | "failed";
  /** Bytes downloaded (0 unless downloaded). */
  readonly bytes: number;
  /** Records (OSV), entries (KEV) or scores (EPSS) read from the download. */
  readonly records?: number;
  readonly attempts?: number;
  /** Why it is missing or failed. */
  readonly error?: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly hint: string;
    readonly details: Record<string, unknown>;
  };
}

/** The result of {@link syncAdvisories}. */
export interface SyncSummary {
  readonly ecosystems: readonly string[];
  readonly ecosystemsFrom: EcosystemListOrigin;
  readonly sources: readonly SourceOutcome[];
  readonly warnings: readonly string[];
  /** The database import, or undefined when nothing new was downloaded (the database is untouched). */
  readonly import: ImportSummary | undefined;
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** Progress of a sync, for a progress bar or a job log. */
export type SyncEvent =
  | { readonly type: "ecosystems"; readonly names: readonly string[]; readonly from: EcosystemListOrigin }
  | { readonly type: "source-start"; readonly source: string; readonly url: string }
  | {
      readonly type: "progress";
      readonly source: string;
      readonly received: number;
      readonly total: number | undefined;
    }
  | {
      readonly type: "retry";
      readonly source: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | { readonly type: "source-done"; readonly outcome: SourceOutcome }
  | { readonly type: "import-start"; readonly sources: number; readonly records: number }
  | { readonly type: "warning"; readonly message: string };

/**
 * Options of {@link syncAdvisories}. Network, clock and waiting are injected so the
 * server can run this as a job and tests can run it against 127.0.0.1 without delays.
 */
export interface SyncOptions {
  readonly fetch: FetchFn;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Base URL of the osv.dev export layout (`<base>/<Ecosystem>/all.zip`, `<base>/ecosystems.txt`). */
  readonly osvBaseUrl: string;
  /** Ecosystems to fetch; when absent, `<base>/ecosystems.txt` decides (see docs/db-update.md). */
  readonly ecosystems?: readonly string[] | undefined;
  /** The KEV JSON URL; undefined skips KEV. */
  readonly kevUrl?: string | undefined;
  /** The EPSS CSV(.gz) URL; undefined skips EPSS. */
  readonly epssUrl?: string | undefined;
  readonly limits?: Partial<SyncLimits> | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** Jitter source for backoff; defaults to Math.random. */
  readonly random?: () => number;
  /** Aborting stops the sync before the import; the database is untouched. */
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: ((e: SyncEvent) => void) | undefined;
}

interface SourceSpec {
  readonly source: string;
  readonly kind: "osv" | "kev" | "epss";
  readonly url: string;
  readonly maxBytes: number;
}

type Payload =
  | { readonly kind: "osv"; readonly records: readonly ParsedOsvRecord[]; readonly problems: ImportProblem[] }
  | { readonly kind: "kev"; readonly catalog: KevCatalog }
  | { readonly kind: "epss"; readonly file: EpssFile };

function isControl(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c < 0x20 || c === 0x7f;
}

function hasControl(s: string): boolean {
  return [...s].some(isControl);
}

/**
 * Check an ecosystem name and give it OSV's spelling (`pypi` → `PyPI`, `debian:12` →
 * `Debian:12`) so it matches the export's directory. Names that could escape the base
 * URL (`..`, slashes, control characters) are refused.
 */
export function normalizeEcosystemName(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === "" || trimmed === "." || trimmed === ".." || trimmed.length > 200) return undefined;
  if (hasControl(trimmed) || trimmed.includes("/") || trimmed.includes("\\")) return undefined;
  const { base, suffix } = splitEcosystem(trimmed);
  const canonical = canonicalBaseName(base);
  return suffix === undefined ? canonical : `${canonical}:${suffix}`;
}

/**
 * Read osv.dev's `ecosystems.txt` (one name per line). Names with a `:` suffix are left
 * out: a release's records (`Debian:12`) are also in its base export (`Debian`), so
 * fetching both would download them twice.
 */
export function parseEcosystemsList(text: string): { names: string[]; skipped: string[] } {
  const names: string[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const raw = line.trim();
    if (raw === "" || raw.startsWith("#")) continue;
    const name = normalizeEcosystemName(raw);
    if (name === undefined || name.includes(":")) {
      skipped.push(raw);
      continue;
    }
    if (seen.has(name)) continue;
    seen.add(name);
    names.push(name);
  }
  return { names, skipped };
}

/** The URL of one ecosystem's export in the osv.dev bucket layout. */
export function osvExportUrl(baseUrl: string, ecosystem: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${encodeURIComponent(ecosystem)}/all.zip`;
}

function downloadOptions(o: SyncOptions, source: string, maxBytes: number): DownloadOptions {
  return {
    fetch: o.fetch,
    sleep: o.sleep,
    now: o.now,
    maxBytes,
    retry: o.retry,
    signal: o.signal,
    ...(o.random ? { random: o.random } : {}),
    onProgress: (p) => o.onEvent?.({ type: "progress", source, received: p.received, total: p.total }),
    onRetry: (r) => o.onEvent?.({ type: "retry", source, attempt: r.attempt, delayMs: r.delayMs, reason: r.reason }),
  };
}

async function resolveEcosystems(
  o: SyncOptions,
  limits: SyncLimits,
  warnings: string[],
): Promise<{ names: string[]; from: EcosystemListOrigin }> {
  if (o.ecosystems !== undefined) {
    const names: string[] = [];
    for (const raw of o.ecosystems) {
      const name = normalizeEcosystemName(raw);
      if (name === undefined) {
        throw new BulwarkError("BULWARK_ECOSYSTEM_UNKNOWN", `${JSON.stringify(raw)} is not a valid ecosystem name`);
      }
      if (!names.includes(name)) names.push(name);
    }
    return { names, from: "option" };
  }
  const url = `${o.osvBaseUrl.replace(/\/+$/, "")}/ecosystems.txt`;
  try {
    const result = await download(url, downloadOptions(o, "ecosystems.txt", limits.ecosystemsListBytes));
    if (result.status !== "ok") throw new Error("unexpected 304");
    const { names, skipped } = parseEcosystemsList(new TextDecoder().decode(result.bytes));
    if (names.length === 0) {
      throw new BulwarkError("BULWARK_NET_BAD_CONTENT", `${url} names no ecosystem`, { details: { url } });
    }
    if (skipped.some((s) => !s.includes(":"))) {
      warnings.push(`${url}: ignored invalid names ${skipped.filter((s) => !s.includes(":")).join(", ")}`);
    }
    return { names, from: "ecosystems.txt" };
  } catch (e) {
    if (o.signal?.aborted) throw e;
    const why = isBulwarkError(e) ? `[${e.code}] ${e.message}` : (e as Error).message;
    warnings.push(
      `cannot read the ecosystem list (${why}); trying the ${FALLBACK_OSV_ECOSYSTEMS.length} ecosystems Bulwark knows`,
    );
    o.onEvent?.({ type: "warning", message: warnings[warnings.length - 1] as string });
    return { names: [...FALLBACK_OSV_ECOSYSTEMS], from: "fallback" };
  }
}

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/** Turn downloaded bytes into what the importer takes; throws coded errors on bad content. */
function parsePayload(spec: SourceSpec, bytes: Uint8Array): Payload {
  switch (spec.kind) {
    case "osv": {
      if (!startsWith(bytes, ZIP_LOCAL) && !startsWith(bytes, ZIP_EMPTY)) {
        // Typically an HTML error page from a proxy or captive portal, served with 200.
        const head = [...new TextDecoder().decode(bytes.subarray(0, 40))].map((c) => (isControl(c) ? "?" : c)).join("");
        throw new BulwarkError(
          "BULWARK_NET_BAD_CONTENT",
          `${spec.url} is not a zip archive (starts ${JSON.stringify(head)})`,
          {
            details: { url: spec.url, bytes: bytes.byteLength },
          },
        );
      }
      const batch = readOsvZip(bytes, spec.url);
      return { kind: "osv", records: batch.records, problems: batch.problems };
    }
    case "kev": {
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
      } catch (e) {
        throw new BulwarkError("BULWARK_KEV_INVALID", `${spec.url} is not valid JSON: ${(e as Error).message}`, {
          details: { url: spec.url },
        });
      }
      return { kind: "kev", catalog: parseKev(json, spec.url) };
    }
    case "epss":
      return { kind: "epss", file: parseEpss(bytes, spec.url) };
  }
}

function payloadCount(p: Payload): number {
  return p.kind === "osv" ? p.records.length : p.kind === "kev" ? p.catalog.entries.length : p.file.scores.length;
}

function errorOf(e: BulwarkError): NonNullable<SourceOutcome["error"]> {
  return { code: e.code, message: e.message, hint: e.hint, details: e.details };
}

async function fetchSource(
  db: SyncTarget,
  spec: SourceSpec,
  o: SyncOptions,
): Promise<{ outcome: SourceOutcome; payload?: Payload; validators?: SourceValidators }> {
  const stored = await db.getSource(spec.source);
  // Validators only describe the copy at the URL they came from; after a mirror
  // change they would compare unrelated files.
  const validators =
    stored && stored.location === spec.url ? { etag: stored.etag, lastModified: stored.lastModified } : undefined;
  let attempts: number | undefined;
  try {
    const result = await download(spec.url, { ...downloadOptions(o, spec.source, spec.maxBytes), validators });
    attempts = result.attempts;
    if (result.status === "not-modified") {
      return { outcome: { source: spec.source, url: spec.url, status: "not-modified", bytes: 0, attempts } };
    }
    const payload = parsePayload(spec, result.bytes);
    return {
      outcome: {
        source: spec.source,
        url: spec.url,
        status: "downloaded",
        bytes: result.bytes.byteLength,
        records: payloadCount(payload),
        attempts,
      },
      payload,
      validators: { etag: result.etag, lastModified: result.lastModified },
    };
  } catch (e) {
    if (!isBulwarkError(e)) throw e;
    const missing = spec.kind === "osv" && e.code === "BULWARK_NET_HTTP_STATUS" && e.details.status === 404;
    if (attempts === undefined && typeof e.details.attempts === "number") attempts = e.details.attempts;
    return {
      outcome: {
        source: spec.source,
        url: spec.url,
        status: missing ? "missing" : "failed",
        bytes: 0,
        ...(attempts === undefined ? {} : { attempts }),
        error: errorOf(e),
      },
    };
  }
}

function cancelled(): BulwarkError {
  return new BulwarkError("BULWARK_NET_UNREACHABLE", "db update was cancelled; the database is unchanged");
}

/** The error thrown when no source could be downloaded or confirmed unchanged. */
function nothingUpdated(outcomes: readonly SourceOutcome[]): BulwarkError {
  const bad = outcomes.filter((o) => o.error !== undefined);
  const first = bad.find((o) => o.status === "failed") ?? bad[0];
  const list = bad
    .slice(0, 3)
    .map((o) => `${o.source}: ${o.error?.message}`)
    .join("; ");
  const more = bad.length > 3 ? `; and ${bad.length - 3} more` : "";
  return new BulwarkError(
    first?.error?.code ?? "BULWARK_NET_UNREACHABLE",
    `no source could be updated; the database is unchanged (${list}${more})`,
    {
      ...(first?.error ? { hint: first.error.hint } : {}),
      details: {
        source: first?.source,
        failures: bad.map((o) => ({
          source: o.source,
          url: o.url,
          status: o.status,
          code: o.error?.code,
          message: o.error?.message,
        })),
      },
    },
  );
}

/**
 * Where a sync writes: the CLI's `AdvisoryDatabase` or a server's knowledge base. Methods may
 * answer directly or with a promise.
 */
export interface SyncTarget {
  getSource(name: string): SourceInfo | undefined | Promise<SourceInfo | undefined>;
  import(batch: ImportBatch): ImportSummary | Promise<ImportSummary>;
  markChecked(names: readonly string[]): void | Promise<void>;
}

/**
 * Download osv.dev exports, the CISA KEV catalog and FIRST EPSS scores, and write
 * everything new in ONE database transaction. Sources answering 304 are skipped;
 * a source that fails is reported and the others go on; if none succeeds (or the
 * import fails) this throws and the database keeps its previous contents.
 */
export async function syncAdvisories(db: SyncTarget, options: SyncOptions): Promise<SyncSummary> {
  const startedAt = options.now().toISOString();
  const limits: SyncLimits = { ...DEFAULT_SYNC_LIMITS, ...options.limits };
  const warnings: string[] = [];
  const eco = await resolveEcosystems(options, limits, warnings);
  options.onEvent?.({ type: "ecosystems", names: eco.names, from: eco.from });

  const specs: SourceSpec[] = eco.names.map((name) => ({
    source: `osv:${name}`,
    kind: "osv",
    url: osvExportUrl(options.osvBaseUrl, name),
    maxBytes: limits.osvZipBytes,
  }));
  if (options.kevUrl) specs.push({ source: "kev", kind: "kev", url: options.kevUrl, maxBytes: limits.kevBytes });
  if (options.epssUrl) specs.push({ source: "epss", kind: "epss", url: options.epssUrl, maxBytes: limits.epssBytes });
  if (specs.length === 0) {
    throw new BulwarkError("BULWARK_CLI_USAGE", "nothing to update: no ecosystem, KEV or EPSS source selected");
  }

  const outcomes: SourceOutcome[] = [];
  const osv: (OsvSourceImport & { readonly records: readonly ParsedOsvRecord[] })[] = [];
  const validators: Record<string, SourceValidators> = {};
  const problems: ImportProblem[] = [];
  let kev: ImportBatch["kev"];
  let epss: ImportBatch["epss"];
  // One source at a time: memory holds one download's bytes plus parsed records, and the
  // progress display stays readable.
  for (const spec of specs) {
    if (options.signal?.aborted) throw cancelled();
    options.onEvent?.({ type: "source-start", source: spec.source, url: spec.url });
    const { outcome, payload, validators: v } = await fetchSource(db, spec, options);
    if (options.signal?.aborted) throw cancelled();
    outcomes.push(outcome);
    if (outcome.status === "missing") {
      warnings.push(`${spec.source}: no export at ${spec.url} (HTTP 404); skipped`);
    }
    options.onEvent?.({ type: "source-done", outcome });
    if (!payload) continue;
    if (payload.kind === "osv") {
      osv.push({ source: spec.source, location: spec.url, full: true, records: payload.records });
      problems.push(...payload.problems);
      if (v) validators[spec.source] = v;
    } else if (payload.kind === "kev") kev = { catalog: payload.catalog, location: spec.url, ...v };
    else epss = { file: payload.file, location: spec.url, ...v };
  }

  if (!outcomes.some((o) => o.status === "downloaded" || o.status === "not-modified")) throw nothingUpdated(outcomes);

  let imported: ImportSummary | undefined;
  if (osv.length > 0 || kev || epss) {
    const records = osv.reduce((n, s) => n + s.records.length, 0);
    options.onEvent?.({ type: "import-start", sources: osv.length + (kev ? 1 : 0) + (epss ? 1 : 0), records });
    imported = await db.import({
      osv,
      validators,
      problems,
      ...(kev ? { kev } : {}),
      ...(epss ? { epss } : {}),
    });
  }
  const confirmed = outcomes.filter((o) => o.status === "not-modified").map((o) => o.source);
  if (confirmed.length > 0) await db.markChecked(confirmed);
  return {
    ecosystems: eco.names,
    ecosystemsFrom: eco.from,
    sources: outcomes,
    warnings,
    import: imported,
    startedAt,
    finishedAt: options.now().toISOString(),
  };
}

/** The sources that failed (not those merely missing), in order. */
export function failedSources(summary: SyncSummary): SourceOutcome[] {
  return summary.sources.filter((s) => s.status === "failed");
}

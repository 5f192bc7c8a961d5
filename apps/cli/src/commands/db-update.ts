import { setTimeout as delay } from "node:timers/promises";
import { BulwarkError, isBulwarkError } from "@bulwark/core";
import { AdvisoryDatabase, failedSources, type SyncEvent, type SyncSummary, syncAdvisories } from "@bulwark/db";
import type { Command } from "commander";
import type { CliConfig } from "../config.ts";
import { usageError } from "../errors.ts";
import { printImportSummary } from "./import-summary.ts";

interface UpdateOptions {
  db?: string;
  ecosystem?: string[];
  osvBaseUrl?: string;
  kevUrl?: string;
  epssUrl?: string;
  kev: boolean;
  epss: boolean;
  json?: boolean;
}

/** `1.5 MiB`: binary units, one decimal from KiB on. */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/**
 * A one-line progress display for a terminal: the source being downloaded, a bar,
 * bytes received of the total and a percentage, redrawn in place with `\r`.
 * Redraws are throttled because chunks arrive far faster than anyone can read.
 */
export class ProgressLine {
  readonly #write: (s: string) => void;
  readonly #columns: number;
  readonly #clock: () => number;
  #shown = false;
  #lastDraw = 0;
  #lastText = "";

  constructor(write: (s: string) => void, columns = 80, clock: () => number = Date.now) {
    this.#write = write;
    this.#columns = Math.max(20, columns);
    this.#clock = clock;
  }

  /** Feed one sync event. */
  handle(e: SyncEvent): void {
    switch (e.type) {
      case "source-start":
        this.#draw(`${e.source}: connecting`, true);
        break;
      case "progress":
        this.#draw(this.#line(e.source, e.received, e.total), false);
        break;
      case "retry":
        this.clear();
        this.#write(`retrying ${e.source} in ${(e.delayMs / 1000).toFixed(1)} s: ${e.reason}\n`);
        break;
      case "source-done":
        this.clear();
        break;
      case "import-start":
        this.#draw(`importing ${e.records} records from ${e.sources} sources into the database`, true);
        break;
      default:
        break;
    }
  }

  /** Show a free-form status line (`matching 1200/10000 packages`), throttled unless `force`. */
  show(text: string, force = false): void {
    this.#draw(text, force);
  }

  /** Erase the line (before other output, and at the end). */
  clear(): void {
    if (!this.#shown) return;
    this.#write("\r\u001b[K");
    this.#shown = false;
    this.#lastText = "";
  }

  #line(source: string, received: number, total: number | undefined): string {
    if (total === undefined || total <= 0) return `${source} ${formatBytes(received)}`;
    const ratio = Math.min(1, received / total);
    const pct = `${Math.floor(ratio * 100)}%`.padStart(4);
    const width = 24;
    const filled = Math.round(ratio * width);
    const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
    return `${source} ${bar} ${formatBytes(received)} / ${formatBytes(total)} ${pct}`;
  }

  #draw(text: string, force: boolean): void {
    const now = this.#clock();
    if (!force && now - this.#lastDraw < 100) return;
    const line = text.length >= this.#columns ? `${text.slice(0, this.#columns - 2)}…` : text;
    if (line === this.#lastText) return;
    this.#lastDraw = now;
    this.#lastText = line;
    this.#write(`\r${line}\u001b[K`);
    this.#shown = true;
  }
}

const UNITS: Record<string, string> = { kev: "entries", epss: "scores" };

/** One line per source: what happened and why. Missing exports share one line, as a fallback list can miss dozens. */
export function printSyncSummary(summary: SyncSummary, write: (s: string) => void): void {
  const width = Math.min(28, Math.max(0, ...summary.sources.map((s) => s.source.length)) + 1);
  const missing: string[] = [];
  for (const s of summary.sources) {
    const name = `${s.source.padEnd(width)} `;
    switch (s.status) {
      case "downloaded":
        write(`${name}downloaded ${formatBytes(s.bytes)}, ${s.records ?? 0} ${UNITS[s.source] ?? "records"}\n`);
        break;
      case "not-modified":
        write(`${name}not modified\n`);
        break;
      case "missing":
        missing.push(s.source.replace(/^osv:/, ""));
        break;
      case "failed":
        write(`${name}failed: error[${s.error?.code}]: ${s.error?.message}\n`);
        break;
    }
  }
  if (missing.length > 0) write(`no export on the server (HTTP 404), skipped: ${missing.join(", ")}\n`);
  // Missing exports are listed above; the other warnings are not.
  for (const w of summary.warnings.filter((x) => !x.includes("(HTTP 404); skipped"))) write(`warning: ${w}\n`);
  if (summary.import) printImportSummary(summary.import, write);
  else write("database unchanged: every source is up to date\n");
}

/** The registry's network hints are generic; name the flag and variable for the source that failed. */
function hintFor(source: string | undefined, code: string, fallback: string): string {
  if (!code.startsWith("BULWARK_NET_") && code !== "BULWARK_ZIP_INVALID") return fallback;
  const where =
    source === "kev"
      ? "--kev-url (BULWARK_KEV_URL), or skip it with --no-kev"
      : source === "epss"
        ? "--epss-url (BULWARK_EPSS_URL), or skip it with --no-epss"
        : "--osv-base-url (BULWARK_OSV_BASE_URL) and --ecosystem";
  return `Check ${where}; retry later if the server is busy. Offline: see docs/db-update.md on mirroring.`;
}

function checkUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`${flag} ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw usageError(
      `${flag} must be an http(s) URL, not ${url.protocol}`,
      "For files on disk use `bulwark db import`, or serve the mirror over HTTP (see docs/db-update.md).",
    );
  }
  return value;
}

/** `bulwark db update`: download advisories (osv.dev exports), KEV and EPSS into the local database. */
export function registerDbUpdate(db: Command, config: CliConfig): void {
  db.command("update")
    .description(
      "download osv.dev exports, the CISA KEV catalog and FIRST EPSS scores; unchanged sources are skipped (HTTP 304)",
    )
    .option("--db <file>", "advisory database file (default: BULWARK_DB or ~/.cache/bulwark/advisories.db)")
    .option(
      "--ecosystem <name...>",
      "OSV ecosystems to download, e.g. PyPI npm Go (default: every name in <osv-base-url>/ecosystems.txt)",
    )
    .option(
      "--osv-base-url <url>",
      `base of the <Ecosystem>/all.zip exports (default: BULWARK_OSV_BASE_URL or ${config.osvBaseUrl})`,
    )
    .option("--kev-url <url>", `CISA KEV JSON (default: BULWARK_KEV_URL or ${config.kevUrl})`)
    .option("--epss-url <url>", `FIRST EPSS CSV, optionally gzipped (default: BULWARK_EPSS_URL or ${config.epssUrl})`)
    .option("--no-kev", "do not download the KEV catalog")
    .option("--no-epss", "do not download EPSS scores")
    .option("--json", "print the update summary as JSON on stdout")
    .action(async (opts: UpdateOptions) => {
      const osvBaseUrl = checkUrl("--osv-base-url", opts.osvBaseUrl ?? config.osvBaseUrl);
      const kevUrl = opts.kev ? checkUrl("--kev-url", opts.kevUrl ?? config.kevUrl) : undefined;
      const epssUrl = opts.epss ? checkUrl("--epss-url", opts.epssUrl ?? config.epssUrl) : undefined;
      const ecosystems = opts.ecosystem?.flatMap((e) => e.split(",")).filter((e) => e.trim() !== "");
      const stderr = (s: string) => process.stderr.write(s);
      const progress = process.stderr.isTTY ? new ProgressLine(stderr, process.stderr.columns || 80) : undefined;
      const onEvent = (e: SyncEvent) => {
        if (progress) progress.handle(e);
        else if (e.type === "retry")
          stderr(`retrying ${e.source} in ${(e.delayMs / 1000).toFixed(1)} s: ${e.reason}\n`);
      };
      // Ctrl-C cancels the downloads cleanly; nothing is written unless every download has ended.
      const cancel = new AbortController();
      const onSigint = () => cancel.abort();
      process.once("SIGINT", onSigint);
      const database = AdvisoryDatabase.open(opts.db ?? config.dbPath);
      let summary: SyncSummary;
      try {
        summary = await syncAdvisories(database, {
          fetch: (url, init) => fetch(url, init),
          now: () => new Date(),
          sleep: (ms) => delay(ms, undefined, { signal: cancel.signal }).catch(() => {}),
          osvBaseUrl,
          ecosystems,
          kevUrl,
          epssUrl,
          signal: cancel.signal,
          onEvent,
        });
      } catch (e) {
        if (!isBulwarkError(e)) throw e;
        const source = typeof e.details.source === "string" ? e.details.source : undefined;
        throw new BulwarkError(e.code, e.message, {
          hint: source === undefined ? e.hint : hintFor(source, e.code, e.hint),
          details: e.details,
          cause: e,
        });
      } finally {
        progress?.clear();
        process.removeListener("SIGINT", onSigint);
        database.close();
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else printSyncSummary(summary, stderr);
      const failed = failedSources(summary);
      const first = failed[0];
      if (first?.error) {
        // Partial success still exits non-zero, so scheduled updates notice a source going stale.
        throw new BulwarkError(
          first.error.code,
          `${failed.length} of ${summary.sources.length} sources failed (${failed.map((f) => f.source).join(", ")}); the others were updated`,
          {
            hint: hintFor(first.source, first.error.code, first.error.hint),
            details: { failed: failed.map((f) => ({ source: f.source, url: f.url })) },
          },
        );
      }
    });
}

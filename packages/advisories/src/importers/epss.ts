import { gunzipSync } from "node:zlib";
import { BulwarkError } from "@bulwark/core";

/** One EPSS score. */
export interface EpssScore {
  readonly cve: string;
  /** Probability of exploitation activity in the next 30 days, 0..1. */
  readonly epss: number;
  /** Percentile among all scored CVEs, 0..1. */
  readonly percentile: number;
}

/** A FIRST EPSS daily file. */
export interface EpssFile {
  readonly modelVersion: string;
  readonly scoreDate: string;
  readonly scores: readonly EpssScore[];
}

const CVE = /^CVE-\d{4}-\d{4,}$/;

/** True when bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parse FIRST's `epss_scores-YYYY-MM-DD.csv[.gz]`: an optional
 * `#model_version:…,score_date:…` line, a `cve,epss,percentile` header, then rows.
 * Throws `BULWARK_EPSS_INVALID` when the header is missing or no row is valid.
 */
export function parseEpss(bytes: Uint8Array, location: string, maxBytes = 512 * 1024 * 1024): EpssFile {
  let raw: Uint8Array;
  try {
    raw = isGzip(bytes) ? gunzipSync(bytes, { maxOutputLength: maxBytes }) : bytes;
  } catch (e) {
    throw new BulwarkError("BULWARK_EPSS_INVALID", `${location}: cannot decompress (${(e as Error).message})`);
  }
  const text = new TextDecoder().decode(raw);
  const lines = text.split(/\r?\n/);
  let modelVersion = "";
  let scoreDate = "";
  let i = 0;
  if (lines[0]?.startsWith("#")) {
    for (const part of lines[0].slice(1).split(",")) {
      const [k, ...rest] = part.split(":");
      const v = rest.join(":").trim();
      if (k?.trim() === "model_version") modelVersion = v;
      if (k?.trim() === "score_date") scoreDate = v;
    }
    i = 1;
  }
  const header = (lines[i] ?? "").split(",").map((h) => h.trim().toLowerCase());
  const [ci, ei, pi] = [header.indexOf("cve"), header.indexOf("epss"), header.indexOf("percentile")];
  if (ci < 0 || ei < 0 || pi < 0) {
    throw new BulwarkError("BULWARK_EPSS_INVALID", `${location}: missing the cve,epss,percentile header`);
  }
  const scores: EpssScore[] = [];
  for (let j = i + 1; j < lines.length; j++) {
    const line = lines[j];
    if (!line) continue;
    const cols = line.split(",");
    const cve = cols[ci]?.trim() ?? "";
    const epss = Number(cols[ei]);
    const percentile = Number(cols[pi]);
    if (!CVE.test(cve) || !(epss >= 0 && epss <= 1) || !(percentile >= 0 && percentile <= 1)) continue;
    scores.push({ cve, epss, percentile });
  }
  if (scores.length === 0) throw new BulwarkError("BULWARK_EPSS_INVALID", `${location}: no valid score rows`);
  return { modelVersion, scoreDate, scores };
}

// Test-only helpers shared by the ssvc and bod tests; production code never imports them.
import { readFileSync } from "node:fs";
import type { CvssInput } from "./types.ts";

/** A CERT/CC SSVC decision-table CSV: the header and the data rows, `row` column dropped. */
export interface DecisionCsv {
  header: string[];
  rows: string[][];
}

/** Reads a CERT/CC SSVC CSV (plain comma-separated, no quoting in these tables). */
export function readDecisionCsv(path: string): DecisionCsv {
  const lines = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "");
  const [header, ...rows] = lines.map((line) => line.split(",").slice(1));
  if (header === undefined) throw new Error(`empty CSV: ${path}`);
  return { header, rows };
}

/** Splits a CVSS vector (`CVSS:3.1/AV:N/…`, or a bare v2 vector) into version and metrics, for tests only. */
export function vectorForTests(vector: string): CvssInput {
  const parts = vector.split("/");
  const prefix = parts[0]?.startsWith("CVSS:") ? parts.shift() : undefined;
  const metrics: Record<string, string> = {};
  for (const part of parts) {
    const [name, value] = part.split(":");
    if (name !== undefined && value !== undefined) metrics[name] = value;
  }
  return { version: prefix === undefined ? "2.0" : prefix.slice("CVSS:".length), metrics };
}

import { note, noteOnly, osEcosystemFor, osReleaseFor } from "../../shared/index.ts";
import { InstalledPackages } from "../../shared/installed-packages.ts";
import type { ExtractInput, ExtractNote, Extractor, ExtractResult } from "../../types.ts";

const INSTALLED = "lib/apk/db/installed";
const APK_DIR = "lib/apk/db/";

/** One package block of the installed database, with the line of its `P:` record. */
interface Block {
  name?: string;
  line?: number;
  version?: string;
  arch?: string;
  origin?: string;
  firstLine: number;
  /** First line that is not an `X:value` record. */
  badLine?: number;
}

// apk-tools' database: blocks separated by blank lines, one `<letter>:<value>` record a line.
// Only the package records are kept; file lists (F:, R:, Z:, a:, M:) are skipped.
function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let cur: Block | undefined;
  const rows = text.split("\n");
  for (let i = 0; i < rows.length; i++) {
    const row = (rows[i] as string).replace(/\r$/, "");
    if (row === "") {
      if (cur !== undefined) blocks.push(cur);
      cur = undefined;
      continue;
    }
    cur ??= { firstLine: i + 1 };
    if (row[1] !== ":") {
      cur.badLine ??= i + 1;
      continue;
    }
    const value = row.slice(2);
    switch (row[0]) {
      case "P":
        cur.name = value;
        cur.line = i + 1;
        break;
      case "V":
        cur.version = value;
        break;
      case "A":
        cur.arch = value;
        break;
      case "o":
        cur.origin = value;
        break;
      default:
        break;
    }
  }
  if (cur !== undefined) blocks.push(cur);
  return blocks;
}

async function extract(input: ExtractInput): Promise<ExtractResult> {
  const text = input.text();
  if (text.includes("\u0000"))
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "binary content, not an apk database");
  const rootPrefix = input.path.slice(0, input.path.lastIndexOf(APK_DIR));
  const ecosystem = osEcosystemFor(await osReleaseFor(input, rootPrefix), "apk") ?? "Alpine";
  const notes: ExtractNote[] = [];
  const found = new InstalledPackages();
  for (const b of parseBlocks(text)) {
    if (b.badLine !== undefined) {
      notes.push(
        note(input, "BULWARK_EXTRACT_PARSE_FAILED", "line is not an apk `X:value` record; block skipped", b.badLine),
      );
      continue;
    }
    if (b.name === undefined || b.name === "") {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", "package block without a P: record skipped", b.firstLine));
      continue;
    }
    const line = b.line ?? b.firstLine;
    if (b.version === undefined || b.version === "") {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `package ${b.name} has no V: record`, line));
      continue;
    }
    found.add({
      ecosystem,
      name: b.name,
      version: b.version,
      locations: [{ path: input.path, line }],
      // Alpine's secdb, and so OSV, is keyed on the origin (source) package.
      sourceName: b.origin || b.name,
      sourceVersion: b.version,
      qualifiers: { arch: b.arch },
    });
  }
  return { packages: found.packages(), notes };
}

/** Installed Alpine, Wolfi and Chainguard packages from `lib/apk/db/installed`. */
export const apkExtractor: Extractor = {
  name: "os/apk",
  description: "Alpine/Wolfi/Chainguard installed packages (lib/apk/db/installed)",
  fileRequired: (path) => path === INSTALLED || path.endsWith(`/${INSTALLED}`),
  extract,
};

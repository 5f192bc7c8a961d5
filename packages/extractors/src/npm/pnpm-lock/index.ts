import { parse } from "yaml";
import { PackageCollector } from "../../shared/collector.ts";
import { baseName, errorMessage, noteOnly } from "../../shared/index.ts";
import { isJsonObject } from "../../shared/json.ts";
import type { ExtractInput, Extractor, ExtractResult, Scope } from "../../types.ts";
import { packageKeyLines } from "./key-lines.ts";
import { type PackageRef, parsePackageKey } from "./keys.ts";
import { projectRoots } from "./roots.ts";
import { snapshotScopes } from "./snapshot-scopes.ts";

const SUPPORTED_MAJORS = new Set([5, 6, 9]);

function lockfileMajor(doc: Record<string, unknown>): number | undefined {
  const v = doc.lockfileVersion;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number.parseFloat(v) : Number.NaN;
  return Number.isFinite(n) ? Math.floor(n) : undefined;
}

/** The package an entry describes; undefined for local directories and tarballs of the project. */
function entryPackage(key: string, entry: Record<string, unknown>): PackageRef | undefined {
  const resolution = entry.resolution;
  if (
    isJsonObject(resolution) &&
    (resolution.directory !== undefined || String(resolution.tarball).startsWith("file:"))
  ) {
    return undefined;
  }
  if (key.includes("@file:") || key.includes("@link:")) return undefined;
  // Git and tarball-URL packages have keys that are not name@version but say both in fields.
  if (typeof entry.name === "string" && typeof entry.version === "string")
    return { name: entry.name, version: entry.version };
  return parsePackageKey(key);
}

/** v5/v6 flag every package; `dev: false` or no flag means production. */
function flaggedScope(entry: Record<string, unknown>): Scope | undefined {
  if (entry.dev === true) return "dev";
  return entry.optional === true ? "optional" : undefined;
}

async function extract(input: ExtractInput): Promise<ExtractResult> {
  const text = input.text();
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `invalid YAML: ${errorMessage(err)}`, line);
  }
  if (!isJsonObject(doc)) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "the lockfile is not a YAML mapping");
  const major = lockfileMajor(doc);
  if (major === undefined || !SUPPORTED_MAJORS.has(major)) {
    return noteOnly(
      input,
      "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
      `lockfileVersion ${JSON.stringify(doc.lockfileVersion)} is not one of 5.x, 6.x, 9.x`,
    );
  }
  const packages = doc.packages ?? {};
  if (!isJsonObject(packages)) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", '"packages" is not a mapping');
  const roots = projectRoots(doc, major);
  const direct = new Set<string>();
  for (const root of roots) {
    const ref = parsePackageKey(root.key);
    if (ref !== undefined) direct.add(`${ref.name}@${ref.version}`);
  }
  const walked = major >= 9 && isJsonObject(doc.snapshots) ? snapshotScopes(doc.snapshots, roots) : undefined;
  const lines = packageKeyLines(text);
  const out = new PackageCollector(input.path, "npm");
  for (const [key, entry] of Object.entries(packages)) {
    if (!isJsonObject(entry)) continue;
    const ref = entryPackage(key, entry);
    if (ref === undefined) continue;
    const pair = `${ref.name}@${ref.version}`;
    const walkedScope = walked?.get(pair);
    const scope = major >= 9 ? (walkedScope === "prod" ? undefined : walkedScope) : flaggedScope(entry);
    out.add(ref.name, ref.version, lines.get(key), direct.has(pair) ? "direct" : "transitive", scope);
  }
  return { packages: out.packages(), notes: [] };
}

/** pnpm-lock.yaml, lockfile versions 5.x, 6.x and 9.x. */
export const pnpmLockExtractor: Extractor = {
  name: "npm/pnpm-lock",
  description: "pnpm-lock.yaml (lockfileVersion 5.x, 6.x, 9.x), workspaces included",
  fileRequired: (path) => baseName(path) === "pnpm-lock.yaml",
  detect: (head) => /^lockfileVersion: ['"]?\d/m.test(head),
  extract,
};

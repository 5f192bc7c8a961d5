import { BulwarkError, type ErrorCode } from "@bulwark/core";
import type { InventoryComponent, InventoryFormat } from "@bulwark/db";
import type { ExtractNote } from "@bulwark/extractors";
import { extractFromSource, extractorsForNamedFile, IgnoreRules, type SourceFs } from "@bulwark/scanner";

/** One reason an upload was refused. */
export interface UploadProblem {
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  /** JSON pointer into a native inventory. */
  readonly pointer?: string;
}

/** An upload turned into components. */
export interface ParsedUpload {
  readonly format: InventoryFormat;
  readonly components: readonly InventoryComponent[];
  /** Notes that do not make the inventory wrong (an unpinned requirement, a missing referenced file). */
  readonly warnings: readonly ExtractNote[];
}

// Notes that mean the file was not (fully) read: the inventory would be missing packages, so
// storing it would silently close alerts on components that are still there.
const REJECTING: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "BULWARK_EXTRACT_PARSE_FAILED",
  "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
  "BULWARK_EXTRACT_FILE_TOO_LARGE",
  "BULWARK_WALK_UNREADABLE",
  "BULWARK_INTERNAL_UNEXPECTED",
]);

function refuse(filename: string, problems: readonly UploadProblem[]): BulwarkError {
  return new BulwarkError(
    "BULWARK_INVENTORY_INVALID",
    `${filename} was not stored: ${problems.map((p) => p.message).join("; ")}`,
    { details: { filename, problems } },
  );
}

/** The one uploaded file as a source tree, so the scanner's single-file path reads it unchanged. */
function oneFileSource(name: string, bytes: Uint8Array): SourceFs {
  return {
    label: name,
    list: async (dir) => (dir === "" ? [{ name, kind: "file", size: bytes.byteLength }] : undefined),
    read: async (path) => (path === name ? bytes : undefined),
    size: async (path) => (path === name ? bytes.byteLength : undefined),
  };
}

function isNonEmpty(v: unknown): v is string {
  return typeof v === "string" && v.trim() !== "";
}

/**
 * Bulwark's native inventory (`bulwark sbom --format json`): recognised by its three top-level
 * arrays. No extractor reads it, because the scanner writes it; it is read here, checking just
 * what storing needs (each package's ecosystem, name and version).
 */
function nativeInventory(text: string, filename: string): ParsedUpload | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{") || !trimmed.includes('"packages"') || !trimmed.includes('"sources"')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return undefined;
  const { sources, packages, notes } = doc as Record<string, unknown>;
  if (!Array.isArray(sources) || !Array.isArray(notes)) return undefined;
  if (!Array.isArray(packages))
    throw refuse(filename, [
      { code: "BULWARK_INVENTORY_INVALID", message: "packages is not an array", pointer: "/packages" },
    ]);
  const problems: UploadProblem[] = [];
  const components: InventoryComponent[] = [];
  packages.forEach((p: unknown, i) => {
    const r = (typeof p === "object" && p !== null ? p : {}) as Record<string, unknown>;
    for (const field of ["ecosystem", "name", "version"] as const) {
      if (!isNonEmpty(r[field])) {
        problems.push({
          code: "BULWARK_INVENTORY_INVALID",
          message: `packages[${i}].${field} must be a non-empty string`,
          pointer: `/packages/${i}/${field}`,
        });
      }
    }
    if (r.purl !== undefined && typeof r.purl !== "string") {
      problems.push({
        code: "BULWARK_INVENTORY_INVALID",
        message: `packages[${i}].purl must be a string`,
        pointer: `/packages/${i}/purl`,
      });
    }
    if (isNonEmpty(r.ecosystem) && isNonEmpty(r.name) && isNonEmpty(r.version)) {
      components.push({
        ecosystem: r.ecosystem,
        name: r.name,
        version: r.version,
        ...(typeof r.purl === "string" && { purl: r.purl }),
        ...(isNonEmpty(r.sourceName) && { sourceName: r.sourceName }),
        ...(isNonEmpty(r.sourceVersion) && { sourceVersion: r.sourceVersion }),
      });
    }
  });
  if (problems.length > 0) throw refuse(filename, problems.slice(0, 100));
  return { format: "bulwark-json", components, warnings: [] };
}

function formatOf(extractorNames: readonly string[]): InventoryFormat {
  const sbom = extractorNames.find((n) => n.startsWith("sbom/"));
  return sbom === undefined ? "lockfile" : (sbom.slice("sbom/".length) as InventoryFormat);
}

/**
 * Read an uploaded inventory the way `bulwark sbom <file>` reads a file named on the command line:
 * the extractors that recognise its name, else those that recognise its first 4 KiB. A file no
 * extractor reads, or one an extractor could not parse, is `BULWARK_INVENTORY_INVALID` with every
 * problem listed; nothing is stored then.
 */
export async function parseInventoryUpload(bytes: Uint8Array, filename: string): Promise<ParsedUpload> {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 1024));
  if (text.trimStart().startsWith("{")) {
    const native = nativeInventory(new TextDecoder().decode(bytes), filename);
    if (native !== undefined) return native;
  }
  let extractors: ReturnType<typeof extractorsForNamedFile>;
  try {
    extractors = extractorsForNamedFile(filename, bytes.subarray(0, 4096));
  } catch (e) {
    if (e instanceof BulwarkError && e.code === "BULWARK_INPUT_FORMAT_UNKNOWN") {
      throw refuse(filename, [{ code: e.code, message: e.message }]);
    }
    throw e;
  }
  const result = await extractFromSource(oneFileSource(filename, bytes), {
    rules: new IgnoreRules({ useIgnoreFiles: false, exclude: [] }),
    only: [{ path: filename, extractors }],
  });
  const bad = result.notes.filter((n) => REJECTING.has(n.code));
  if (bad.length > 0) {
    throw refuse(
      filename,
      bad.map((n) => ({ code: n.code, message: n.message, ...(n.line !== undefined && { line: n.line }) })),
    );
  }
  return {
    format: formatOf(extractors.map((e) => e.name)),
    components: result.packages.map((p) => ({
      ecosystem: p.ecosystem,
      name: p.name,
      version: p.version,
      ...(p.purl !== undefined && { purl: p.purl }),
      ...(p.sourceName !== undefined && { sourceName: p.sourceName }),
      ...(p.sourceVersion !== undefined && { sourceVersion: p.sourceVersion }),
    })),
    warnings: result.notes,
  };
}

import {
  EXTRACTORS,
  type ExtractedPackage,
  type ExtractNote,
  type Extractor,
  type ExtractResult,
  makeExtractInput,
  parseOsRelease,
  type ScanContext,
} from "@bulwark/extractors";
import type { SourceFs } from "../source-fs.ts";
import type { IgnoreRules } from "../walk/ignore-rules.ts";
import { walkFiles } from "../walk/walk.ts";
import { PackageMerger } from "./merge.ts";

/** Options of {@link extractFromSource}. */
export interface ExtractSourceOptions {
  readonly rules: IgnoreRules;
  /** The extractors to run (default: all). */
  readonly extractors?: readonly Extractor[];
  /** Files larger than this are skipped with a note (default 256 MiB). */
  readonly maxFileSize?: number;
  /** Files extracted at once (default 8): overlaps file reads with parsing. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /**
   * Extract just these files with these extractors instead of walking (a file named on the
   * command line). Paths are root-relative.
   */
  readonly only?: readonly { readonly path: string; readonly extractors: readonly Extractor[] }[];
  /** Called once per file handed to an extractor (progress display). */
  readonly onFile?: (path: string) => void;
}

/** What {@link extractFromSource} found. */
export interface SourceInventory {
  readonly packages: ReturnType<PackageMerger["packages"]>;
  readonly notes: ExtractNote[];
  /** Files handed to at least one extractor. */
  readonly filesExtracted: number;
  /** Files the walk visited. */
  readonly filesSeen: number;
}

const OS_RELEASE_PATHS = ["etc/os-release", "usr/lib/os-release"];

/** Read the root's os-release (for OS package ecosystems such as `Debian:12`). */
export async function readScanContext(fs: SourceFs): Promise<ScanContext> {
  for (const p of OS_RELEASE_PATHS) {
    const bytes = await fs.read(p);
    if (bytes !== undefined) return { osRelease: parseOsRelease(Buffer.from(bytes).toString("utf8")) };
  }
  return {};
}

/**
 * Walk a source and run every extractor that wants each file. A file that cannot be read, is too
 * large, or makes an extractor fail becomes a note; the run always completes.
 */
export async function extractFromSource(fs: SourceFs, opts: ExtractSourceOptions): Promise<SourceInventory> {
  const extractors = opts.extractors ?? EXTRACTORS;
  const maxFileSize = opts.maxFileSize ?? 256 * 1024 * 1024;
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const signal = opts.signal ?? new AbortController().signal;
  const context = await readScanContext(fs);
  const root = {
    read: (p: string) => fs.read(p),
    list: async (p: string) => (await fs.list(p))?.map((e) => e.name),
  };
  const merger = new PackageMerger();
  const notes: ExtractNote[] = [];
  let filesSeen = 0;
  let filesExtracted = 0;

  const extractOne = async (path: string, size: number, wanted: readonly Extractor[]): Promise<void> => {
    opts.onFile?.(path);
    const known = size >= 0 ? size : ((await fs.size?.(path)) ?? -1);
    if (known > maxFileSize) {
      notes.push(tooLarge(path, known, maxFileSize));
      return;
    }
    const content = await fs.read(path);
    if (content === undefined) {
      notes.push({ code: "BULWARK_WALK_UNREADABLE", path, message: "the file could not be read" });
      return;
    }
    if (content.byteLength > maxFileSize) {
      notes.push(tooLarge(path, content.byteLength, maxFileSize));
      return;
    }
    const input = makeExtractInput(path, content, root, context);
    const layer = fs.layerOf?.(path);
    const history = fs.history?.(path);
    for (const extractor of wanted) {
      const result = await runSafely(extractor, input, signal);
      let packages = result.packages;
      if (history !== undefined && history.length > 1) {
        packages = await attributeLayers(packages, history, (bytes) =>
          runSafely(extractor, makeExtractInput(path, bytes, root, context), signal),
        );
      } else if (layer !== undefined) packages = packages.map((p) => ({ ...p, layer: p.layer ?? layer }));
      merger.add(packages);
      notes.push(...result.notes);
    }
  };

  const inFlight = new Set<Promise<void>>();
  const files:
    | AsyncIterable<{ path: string; size?: number; extractors?: readonly Extractor[] }>
    | Iterable<{
        path: string;
        size?: number;
        extractors?: readonly Extractor[];
      }> = opts.only ?? walkFiles(fs, { rules: opts.rules, signal, onUnreadable: (p) => notes.push(unreadableDir(p)) });
  for await (const file of files) {
    filesSeen++;
    const wanted = file.extractors ?? extractors.filter((e) => e.fileRequired(file.path));
    if (wanted.length === 0) continue;
    filesExtracted++;
    const task = extractOne(file.path, file.size ?? -1, wanted).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  notes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return { packages: merger.packages(), notes, filesExtracted, filesSeen };
}

const packageKey = (p: ExtractedPackage): string => `${p.ecosystem}\u0000${p.name}\u0000${p.version}`;

/**
 * Give each package of a file's final version the layer that introduced it: the lowest layer
 * from which on every version of the file lists it (a package removed and re-installed later
 * belongs to the re-installing layer).
 */
async function attributeLayers(
  packages: readonly ExtractedPackage[],
  history: readonly { layer: string; content: Uint8Array }[],
  extract: (bytes: Uint8Array) => Promise<ExtractResult>,
): Promise<ExtractedPackage[]> {
  const last = history.length - 1;
  const present: Set<string>[] = [];
  for (let i = 0; i < last; i++) {
    present.push(new Set((await extract((history[i] as { content: Uint8Array }).content)).packages.map(packageKey)));
  }
  return packages.map((p) => {
    const key = packageKey(p);
    let from = last;
    while (from > 0 && present[from - 1]?.has(key)) from--;
    return { ...p, layer: (history[from] as { layer: string }).layer };
  });
}

async function runSafely(
  extractor: Extractor,
  input: Parameters<Extractor["extract"]>[0],
  signal: AbortSignal,
): Promise<ExtractResult> {
  try {
    return await extractor.extract(input, signal);
  } catch (e) {
    // An extractor must not throw; if one does, the file becomes a note and the run goes on.
    const message = e instanceof Error ? e.message : String(e);
    return {
      packages: [],
      notes: [
        { code: "BULWARK_INTERNAL_UNEXPECTED", path: input.path, message: `${extractor.name} failed: ${message}` },
      ],
    };
  }
}

function tooLarge(path: string, size: number, limit: number): ExtractNote {
  return {
    code: "BULWARK_EXTRACT_FILE_TOO_LARGE",
    path,
    message: `the file has ${size} bytes, over the limit of ${limit}`,
  };
}

function unreadableDir(path: string): ExtractNote {
  return {
    code: "BULWARK_WALK_UNREADABLE",
    path: path === "" ? "." : path,
    message: "the directory could not be listed",
  };
}

import type { SourceFs } from "../source-fs.ts";
import { type GitignoreLayer, IgnoreRules } from "./ignore-rules.ts";

/** One file a walk yields. */
export interface WalkedFile {
  /** Root-relative, `/`-separated. */
  readonly path: string;
  /** The basename. */
  readonly name: string;
  /** Size in bytes, or -1 when the source did not stat it (directories on disk). */
  readonly size: number;
}

/** Options of {@link walkFiles}. */
export interface WalkOptions {
  readonly rules: IgnoreRules;
  /** Stop descending below this depth (defence against pathological trees). */
  readonly maxDepth?: number;
  readonly signal?: AbortSignal;
  /** Called for a directory that could not be listed. */
  readonly onUnreadable?: (path: string) => void;
}

interface Pending {
  readonly dir: string;
  readonly depth: number;
  readonly layers: readonly GitignoreLayer[];
}

/**
 * Walk a source depth-first in name order, yielding files. Memory is bounded by the
 * depth of the tree times the width of one directory: nothing else is kept.
 */
export async function* walkFiles(fs: SourceFs, opts: WalkOptions): AsyncGenerator<WalkedFile> {
  const maxDepth = opts.maxDepth ?? 64;
  const stack: Pending[] = [{ dir: "", depth: 0, layers: [] }];
  while (stack.length > 0) {
    if (opts.signal?.aborted) return;
    const { dir, depth, layers } = stack.pop() as Pending;
    const entries = await fs.list(dir);
    if (entries === undefined) {
      opts.onUnreadable?.(dir);
      continue;
    }
    let here = layers;
    if (opts.rules.usesIgnoreFiles && entries.some((e) => e.kind === "file" && e.name === ".gitignore")) {
      const bytes = await fs.read(dir === "" ? ".gitignore" : `${dir}/.gitignore`);
      if (bytes !== undefined) here = [...layers, IgnoreRules.parseGitignore(dir, Buffer.from(bytes).toString("utf8"))];
    }
    const subdirs: Pending[] = [];
    for (const e of entries) {
      const path = dir === "" ? e.name : `${dir}/${e.name}`;
      if (opts.rules.skips(path, e.name, e.kind === "dir", here)) continue;
      if (e.kind === "dir") {
        if (depth + 1 <= maxDepth) subdirs.push({ dir: path, depth: depth + 1, layers: here });
      } else yield { path, name: e.name, size: e.size };
    }
    // Reverse so the stack pops subdirectories in name order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as Pending);
  }
}

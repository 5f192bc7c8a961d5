import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Extractor, ExtractResult, ScanContext } from "../types.ts";
import { makeExtractInput, type RootReader } from "./input.ts";

// Test helpers for extractor folders: run an extractor on a fixture the way the walker would.

/** A root made of in-memory files (root-relative path -> content). */
export function memoryRoot(files: Readonly<Record<string, string | Uint8Array>>): RootReader {
  const bytes = (v: string | Uint8Array) => (typeof v === "string" ? new TextEncoder().encode(v) : v);
  return {
    async read(p) {
      const v = files[p];
      return v === undefined ? undefined : bytes(v);
    },
    async list(dir) {
      const prefix = dir === "" ? "" : `${dir}/`;
      const names = new Set<string>();
      for (const k of Object.keys(files))
        if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split("/")[0] ?? "");
      return names.size > 0 ? [...names].sort() : undefined;
    },
  };
}

/** A root that is a directory on disk (a fixtures folder). */
export function diskRoot(dir: string): RootReader {
  return {
    async read(p) {
      try {
        return readFileSync(join(dir, p));
      } catch {
        return undefined;
      }
    },
    async list(d) {
      try {
        return statSync(join(dir, d)).isDirectory() ? readdirSync(join(dir, d)).sort() : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Run `extractor` on the file `path` of `root`, as the walker would. */
export async function runExtractor(
  extractor: Extractor,
  root: RootReader,
  path: string,
  context: ScanContext = {},
): Promise<ExtractResult> {
  const content = await root.read(path);
  if (content === undefined) throw new Error(`test fixture missing: ${path}`);
  return extractor.extract(makeExtractInput(path, content, root, context), new AbortController().signal);
}

/** Run `extractor` on in-memory text at `path` (other files of the root may be given too). */
export function runOnText(
  extractor: Extractor,
  path: string,
  text: string,
  others: Readonly<Record<string, string | Uint8Array>> = {},
  context: ScanContext = {},
): Promise<ExtractResult> {
  return runExtractor(extractor, memoryRoot({ ...others, [path]: text }), path, context);
}

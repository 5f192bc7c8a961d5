import { open, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { BulwarkError } from "@bulwark/core";
import type { ExtractedPackage, ExtractNote, Inventory, InventorySource } from "@bulwark/extractors";
import { DirectorySource } from "../walk/directory-source.ts";
import { IgnoreRules } from "../walk/ignore-rules.ts";
import { extractFromSource } from "./extract-source.ts";
import { looksLikeImage, openImageSource } from "./image-input.ts";
import { PackageMerger } from "./merge.ts";
import { extractorsForNamedFile } from "./single-file.ts";

/** Options of {@link buildInventory}. */
export interface BuildInventoryOptions {
  /** Honour .gitignore and the default skipped directories (source trees only; default true). */
  readonly useIgnoreFiles?: boolean;
  /** Glob patterns to leave out. */
  readonly exclude?: readonly string[];
  readonly maxFileSize?: number;
  /** Limits for container images (see docs/container-images.md). */
  readonly image?: { readonly maxBytes?: number; readonly maxEntries?: number; readonly platform?: string };
  readonly signal?: AbortSignal;
  readonly onFile?: (path: string) => void;
}

async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function prefixed(prefix: string, p: string): string {
  return prefix === "" ? p : `${prefix}/${p}`;
}

/**
 * Build one inventory from directories, single files and container images. With several
 * inputs, locations are prefixed with the input's path so they stay unambiguous.
 */
export async function buildInventory(inputs: readonly string[], opts: BuildInventoryOptions = {}): Promise<Inventory> {
  const merger = new PackageMerger();
  const notes: ExtractNote[] = [];
  const sources: InventorySource[] = [];
  for (const input of inputs) {
    const prefix = inputs.length > 1 ? input.replace(/\/+$/, "") : "";
    const found = await inventoryOf(input, opts);
    sources.push(found.source);
    merger.add(
      found.packages.map(
        (p): ExtractedPackage => ({
          ...p,
          locations: p.locations.map((l) => ({ ...l, path: prefixed(prefix, l.path) })),
        }),
      ),
    );
    notes.push(...found.notes.map((n) => ({ ...n, path: prefixed(prefix, n.path) })));
  }
  return { sources, packages: merger.packages(), notes };
}

interface Found {
  readonly source: InventorySource;
  readonly packages: readonly ExtractedPackage[];
  readonly notes: readonly ExtractNote[];
}

async function inventoryOf(input: string, opts: BuildInventoryOptions): Promise<Found> {
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(input);
  } catch {
    throw new BulwarkError("BULWARK_INPUT_NOT_FOUND", `${input} does not exist or cannot be read`, {
      details: { path: input },
    });
  }
  if (await looksLikeImage(input, st.isDirectory())) return imageInventory(input, opts);
  if (st.isDirectory()) {
    const escapes: ExtractNote[] = [];
    const fs = await DirectorySource.open(input, (link) =>
      escapes.push({
        code: "BULWARK_WALK_LINK_ESCAPE",
        path: link.path,
        message: `the symbolic link points outside the scanned directory (${link.target}) and was not followed`,
      }),
    );
    const rules = new IgnoreRules({ useIgnoreFiles: opts.useIgnoreFiles ?? true, exclude: opts.exclude ?? [] });
    const result = await extractFromSource(fs, {
      rules,
      ...(opts.maxFileSize !== undefined && { maxFileSize: opts.maxFileSize }),
      ...(opts.signal && { signal: opts.signal }),
      ...(opts.onFile && { onFile: opts.onFile }),
    });
    return {
      source: { kind: "directory", path: input },
      packages: result.packages,
      notes: [...dedupe(escapes), ...result.notes],
    };
  }
  if (!st.isFile()) {
    throw new BulwarkError("BULWARK_INPUT_FORMAT_UNKNOWN", `${input} is neither a file nor a directory`, {
      details: { path: input },
    });
  }
  const name = basename(input);
  const extractors = extractorsForNamedFile(name, await readHead(input, 4096));
  const fs = await DirectorySource.open(dirname(input));
  const result = await extractFromSource(fs, {
    rules: new IgnoreRules({ useIgnoreFiles: false, exclude: [] }),
    only: [{ path: name, extractors }],
    ...(opts.maxFileSize !== undefined && { maxFileSize: opts.maxFileSize }),
    ...(opts.signal && { signal: opts.signal }),
  });
  return { source: { kind: "file", path: input }, packages: result.packages, notes: result.notes };
}

function dedupe(notes: ExtractNote[]): ExtractNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const k = `${n.path}\u0000${n.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

async function imageInventory(input: string, opts: BuildInventoryOptions): Promise<Found> {
  const image = await openImageSource(input, opts);
  try {
    const result = await extractFromSource(image.fs, {
      rules: new IgnoreRules({ useIgnoreFiles: false, exclude: opts.exclude ?? [] }),
      ...(opts.maxFileSize !== undefined && { maxFileSize: opts.maxFileSize }),
      ...(opts.signal && { signal: opts.signal }),
      ...(opts.onFile && { onFile: opts.onFile }),
    });
    return {
      source: { kind: "image", path: input, image: image.info },
      packages: result.packages,
      notes: result.notes,
    };
  } finally {
    await image.fs.close?.();
  }
}

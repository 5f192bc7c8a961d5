import type { Blob } from "./blob-store.ts";
import { joinPath, normaliseEntryName, splitParent } from "./entry-path.ts";
import type { FileNode, FileTree } from "./file-tree.ts";
import { type LayerEntry, type ReadBudget, readLayer } from "./layer-stream.ts";
import type { OmittedFile, WantedPredicate } from "./types.ts";

const WHITEOUT = ".wh.";
const OPAQUE = ".wh..wh..opq";

/** What applying layers needs besides the tree: the predicate, memory accounting and the outputs. */
export interface ApplyContext {
  readonly tree: FileTree;
  readonly wanted: WantedPredicate;
  readonly budget: ReadBudget;
  readonly omitted: OmittedFile[];
  /** Wanted hard links whose target's bytes were not kept: filled in by a second read of the origin layer. */
  readonly pendingLinks: FileNode[];
}

/**
 * Whether `size` more bytes fit the memory limits (a wanted file being overwritten frees
 * nothing: it is kept as history); records the file as omitted when not.
 */
export function admit(ctx: ApplyContext, path: string, size: number, freed = 0): boolean {
  const { limits } = ctx.budget;
  if (size > limits.maxWantedFileBytes) {
    ctx.omitted.push({ path, size, reason: "file-too-large" });
    return false;
  }
  if (ctx.tree.keptBytes - freed + size > limits.maxWantedBytes) {
    ctx.omitted.push({ path, size, reason: "memory-budget" });
    return false;
  }
  return true;
}

async function applyEntry(ctx: ApplyContext, layer: number, entry: LayerEntry, label: string): Promise<void> {
  const { tree } = ctx;
  const { header } = entry;
  const name = normaliseEntryName(header.name, label);
  if (name === "") return;
  const { parent, name: base } = splitParent(name);

  if (base.startsWith(WHITEOUT)) {
    // A whiteout in a directory that does not exist hides nothing (and creates nothing).
    const dir = tree.resolve(parent, true)?.node;
    if (dir?.kind !== "dir") return;
    if (base === OPAQUE) {
      tree.hideLower(dir, layer);
      return;
    }
    const hidden = base.slice(WHITEOUT.length);
    // `.wh..wh.*` other than the opaque marker are AUFS bookkeeping, not whiteouts.
    if (hidden === "" || hidden === "." || hidden === ".." || hidden.startsWith(WHITEOUT)) return;
    const target = dir.children.get(hidden);
    if (target !== undefined && !tree.hideLower(target, layer)) dir.children.delete(hidden);
    return;
  }

  switch (header.type) {
    case "file":
    case "contiguous-file": {
      const { dir, path: dirPath } = tree.ensureDir(parent, layer);
      const path = joinPath(dirPath, base);
      const node: FileNode = { kind: "file", layer, size: header.size, origin: { layer, entry: name } };
      if (ctx.wanted(path, header.size) && admit(ctx, path, header.size)) {
        node.content = await entry.read();
      }
      tree.put(dir, base, node);
      return;
    }
    case "directory": {
      const { dir } = tree.ensureDir(parent, layer);
      tree.putDir(dir, base, layer);
      return;
    }
    case "symlink": {
      if (!header.linkname) return;
      const { dir } = tree.ensureDir(parent, layer);
      tree.put(dir, base, { kind: "symlink", layer, target: header.linkname });
      return;
    }
    case "link": {
      // A hard link names an earlier entry of this layer or a lower one, by its path in the archive.
      const targetName = normaliseEntryName(header.linkname ?? "", label);
      const target = tree.resolve(targetName, false);
      if (target?.node.kind !== "file") return;
      const { dir, path: dirPath } = tree.ensureDir(parent, layer);
      const path = joinPath(dirPath, base);
      const source = target.node;
      const node: FileNode = { kind: "file", layer, size: source.size, origin: source.origin };
      if (ctx.wanted(path, source.size)) {
        if (source.content !== undefined) {
          if (admit(ctx, path, source.size)) node.content = source.content;
        } else {
          ctx.pendingLinks.push(node);
        }
      }
      tree.put(dir, base, node);
      return;
    }
    default:
      // Devices and FIFOs carry no package data.
      return;
  }
}

/** Applies one layer's entries on top of the tree (whiteouts, opaque directories, links). */
export function applyLayer(
  ctx: ApplyContext,
  layer: number,
  blob: Blob,
  withDigest: boolean,
): Promise<string | undefined> {
  return readLayer(blob, ctx.budget, withDigest, (entry) => applyEntry(ctx, layer, entry, blob.name));
}

/**
 * Reads the bytes of wanted hard links whose target was not kept, with one more pass over
 * each origin layer (rare: a link to a file that was not wanted under its own name).
 */
export async function fillPendingLinks(ctx: ApplyContext, blobs: readonly Blob[]): Promise<void> {
  const byLayer = new Map<number, Map<string, FileNode[]>>();
  for (const node of ctx.pendingLinks) {
    if (node.detached) continue;
    const entries = byLayer.get(node.origin.layer) ?? new Map<string, FileNode[]>();
    byLayer.set(node.origin.layer, entries);
    entries.set(node.origin.entry, [...(entries.get(node.origin.entry) ?? []), node]);
  }
  for (const [layer, entries] of byLayer) {
    const blob = blobs[layer];
    if (blob === undefined) continue;
    const found = new Map<string, Buffer>();
    await readLayer(blob, ctx.budget, false, async (entry) => {
      if (entry.header.type !== "file" && entry.header.type !== "contiguous-file") return;
      const name = normaliseEntryName(entry.header.name, blob.name);
      if (entries.has(name)) found.set(name, await entry.read());
    });
    for (const [name, nodes] of entries) {
      const content = found.get(name);
      if (content === undefined) continue;
      for (const node of nodes) {
        if (!admit(ctx, name, content.byteLength)) continue;
        node.content = content;
        ctx.tree.keptBytes += content.byteLength;
      }
    }
  }
}

import { joinPath } from "./entry-path.ts";

/** Where a regular file's bytes live: the layer index and the entry name inside that layer's tar. */
export interface ContentOrigin {
  readonly layer: number;
  readonly entry: string;
}

/** A regular file (or a hard link to one). `content` is set only for wanted files. */
export interface FileNode {
  readonly kind: "file";
  layer: number;
  readonly size: number;
  readonly origin: ContentOrigin;
  content?: Uint8Array;
  /**
   * Earlier kept versions of this path, bottom layer first, when lower layers wrote it too
   * (a dpkg status file rewritten by every `apt-get install`). Lets the scanner tell which
   * layer introduced each package listed in the final version.
   */
  history?: FileVersion[];
  /** Set once the node was removed from the tree (overwritten or whited out). */
  detached?: boolean;
}

/** One kept version of a file: the layer that wrote it and its bytes. */
export interface FileVersion {
  readonly layer: number;
  readonly content: Uint8Array;
}

/** A directory; children keyed by name. */
export interface DirNode {
  readonly kind: "dir";
  layer: number;
  readonly children: Map<string, TreeNode>;
  detached?: boolean;
}

/** A symbolic link, stored as written; resolved on lookup. */
export interface LinkNode {
  readonly kind: "symlink";
  layer: number;
  readonly target: string;
  detached?: boolean;
}

/** One node of the flattened image filesystem. */
export type TreeNode = FileNode | DirNode | LinkNode;

/** A path lookup's result: the node and its canonical (link-free) path. */
export interface Resolved {
  readonly node: TreeNode;
  readonly path: string;
}

/** Same limit as Linux's MAXSYMLINKS: a longer chain is treated as a loop. */
export const MAX_LINK_HOPS = 40;

function segmentsOf(path: string): string[] {
  return path.split("/").filter((s) => s !== "" && s !== ".");
}

/**
 * The merged filesystem of an image, built layer by layer. Lookups resolve symbolic links
 * like a chroot would: absolute targets start at the image root and `..` stops at the root,
 * so no link can reach outside the image.
 */
export class FileTree {
  readonly root: DirNode = { kind: "dir", layer: 0, children: new Map() };
  /** Bytes of file contents currently held by attached nodes. */
  keptBytes = 0;

  /**
   * Resolves `path`, following links in every segment and in the last one when `followLast`.
   * Returns `undefined` for a missing path, a dangling link or a loop.
   */
  resolve(path: string, followLast = true): Resolved | undefined {
    const pending = segmentsOf(path).reverse();
    const dirs: Array<{ name: string; dir: DirNode }> = [];
    let hops = 0;
    while (pending.length > 0) {
      const segment = pending.pop()!;
      if (segment === "..") {
        dirs.pop();
        continue;
      }
      const current = dirs.length === 0 ? this.root : dirs[dirs.length - 1]!.dir;
      const child = current.children.get(segment);
      if (child === undefined) return undefined;
      const isLast = pending.length === 0;
      if (child.kind === "symlink" && (!isLast || followLast)) {
        hops += 1;
        if (hops > MAX_LINK_HOPS) return undefined;
        if (child.target.startsWith("/")) dirs.length = 0;
        pending.push(...segmentsOf(child.target).reverse());
        continue;
      }
      if (child.kind === "dir") {
        dirs.push({ name: segment, dir: child });
        continue;
      }
      if (!isLast) return undefined;
      return { node: child, path: joinPath(dirs.map((d) => d.name).join("/"), segment) };
    }
    const top = dirs.length === 0 ? this.root : dirs[dirs.length - 1]!.dir;
    return { node: top, path: dirs.map((d) => d.name).join("/") };
  }

  /**
   * The directory that will hold `parent`'s children, created as needed in `layer`. Links on
   * the way are followed (inside the root) as tar extraction would; a segment that is a file
   * or a dangling link is replaced by a directory.
   */
  ensureDir(parent: string, layer: number): { dir: DirNode; path: string } {
    let dir = this.root;
    let path = "";
    for (const segment of segmentsOf(parent)) {
      const child = dir.children.get(segment);
      if (child?.kind === "dir") {
        dir = child;
        path = joinPath(path, segment);
        continue;
      }
      if (child?.kind === "symlink") {
        const target = this.resolve(joinPath(path, segment), true);
        if (target?.node.kind === "dir") {
          dir = target.node;
          path = target.path;
          continue;
        }
      }
      const created: DirNode = { kind: "dir", layer, children: new Map() };
      this.put(dir, segment, created);
      dir = created;
      path = joinPath(path, segment);
    }
    return { dir, path };
  }

  /** Places `node` as `name` in `dir`, releasing whatever it replaces. */
  put(dir: DirNode, name: string, node: TreeNode): void {
    const previous = dir.children.get(name);
    if (
      previous?.kind === "file" &&
      previous.content !== undefined &&
      node.kind === "file" &&
      node.content !== undefined &&
      previous !== node
    ) {
      // An overwritten wanted file stays as history (its bytes stay counted): see FileNode.history.
      node.history = [...(previous.history ?? []), { layer: previous.layer, content: previous.content }];
      previous.detached = true;
    } else if (previous !== undefined && previous !== node) this.release(previous);
    dir.children.set(name, node);
    if (node.kind === "file" && node.content !== undefined) this.keptBytes += node.content.byteLength;
  }

  /** Adds or refreshes a directory entry: an existing directory keeps its children. */
  putDir(dir: DirNode, name: string, layer: number): void {
    const existing = dir.children.get(name);
    if (existing?.kind === "dir") {
      existing.layer = layer;
      return;
    }
    this.put(dir, name, { kind: "dir", layer, children: new Map() });
  }

  /**
   * Hides everything in `node` that came from layers below `layer` (a whiteout or an opaque
   * directory). Entries written by `layer` itself survive, as the OCI spec requires.
   * Returns whether anything of `node` is left.
   */
  hideLower(node: TreeNode, layer: number): boolean {
    if (node.kind !== "dir") {
      if (node.layer >= layer) return true;
      this.release(node);
      return false;
    }
    for (const [name, child] of node.children) {
      if (!this.hideLower(child, layer)) node.children.delete(name);
    }
    if (node.layer >= layer || node.children.size > 0) return true;
    node.detached = true;
    return false;
  }

  /** Removes `node` and its subtree from the memory accounting. */
  private release(node: TreeNode): void {
    node.detached = true;
    if (node.kind === "file" && node.content !== undefined) {
      this.keptBytes -= node.content.byteLength + historyBytes(node.history ?? []);
    }
    if (node.kind === "dir") for (const child of node.children.values()) this.release(child);
  }
}

function historyBytes(versions: readonly FileVersion[]): number {
  let n = 0;
  for (const v of versions) n += v.content.byteLength;
  return n;
}

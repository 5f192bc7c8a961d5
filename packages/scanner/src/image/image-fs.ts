import type { SourceEntry, SourceFs } from "../source-fs.ts";
import { joinPath } from "./entry-path.ts";
import type { FileTree } from "./file-tree.ts";

/**
 * The flattened image as a {@link SourceFs}. Links to files are listed as files; links to
 * directories are left out of listings (they would repeat or loop the walk) but can still
 * be passed through by `read` and `list`.
 */
export class ImageFs implements SourceFs {
  constructor(
    readonly label: string,
    private readonly tree: FileTree,
    private readonly diffIds: readonly string[],
  ) {}

  async list(dir: string): Promise<SourceEntry[] | undefined> {
    const resolved = this.tree.resolve(dir, true);
    if (resolved?.node.kind !== "dir") return undefined;
    const entries: SourceEntry[] = [];
    for (const [name, child] of resolved.node.children) {
      const node = child.kind === "symlink" ? this.tree.resolve(joinPath(resolved.path, name), true)?.node : child;
      if (node === undefined) continue;
      if (node.kind === "file") entries.push({ name, kind: "file", size: node.size });
      else if (child.kind === "dir") entries.push({ name, kind: "dir", size: 0 });
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const resolved = this.tree.resolve(path, true);
    return resolved?.node.kind === "file" ? resolved.node.content : undefined;
  }

  /** A file's size (its content may not be kept), or `undefined` when it is not a file. */
  async size(path: string): Promise<number | undefined> {
    const resolved = this.tree.resolve(path, true);
    return resolved?.node.kind === "file" ? resolved.node.size : undefined;
  }

  /** The diff_id of the layer that last wrote `path` (after following links), or `undefined`. */
  layerOf(path: string): string | undefined {
    const resolved = this.tree.resolve(path, true);
    return resolved === undefined ? undefined : this.diffIds[resolved.node.layer];
  }

  /**
   * Every kept version of a file, bottom layer first, ending with the current one; each with
   * the diff_id of the layer that wrote it. `undefined` when the content was not kept.
   */
  history(path: string): { layer: string; content: Uint8Array }[] | undefined {
    const resolved = this.tree.resolve(path, true);
    if (resolved?.node.kind !== "file" || resolved.node.content === undefined) return undefined;
    const versions = [...(resolved.node.history ?? []), { layer: resolved.node.layer, content: resolved.node.content }];
    return versions.map((v) => ({ layer: this.diffIds[v.layer] ?? "", content: v.content }));
  }

  /** Nothing to release: temporary files are removed when the image is opened. */
  async close(): Promise<void> {}
}

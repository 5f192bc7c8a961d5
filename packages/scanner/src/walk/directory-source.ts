import { constants, type Dirent } from "node:fs";
import { open, readdir, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { SourceEntry, SourceFs } from "../source-fs.ts";

/** A symbolic link the directory source refused to follow because it leaves the root. */
export interface EscapedLink {
  /** The link's path, relative to the root. */
  readonly path: string;
  /** Where it points (absolute, resolved). */
  readonly target: string;
}

function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * A directory on disk as a {@link SourceFs}. Every path is resolved with realpath, so a
 * symbolic link (or `..`) that leads outside the root reads as missing and is reported
 * through `onEscape`. Links to files inside the root are followed; links to directories are
 * listed by neither `list` nor the walk, so link cycles cannot make a walk endless.
 */
export class DirectorySource implements SourceFs {
  readonly label: string;
  readonly #root: string;
  readonly #onEscape: (link: EscapedLink) => void;

  private constructor(label: string, root: string, onEscape: (link: EscapedLink) => void) {
    this.label = label;
    this.#root = root;
    this.#onEscape = onEscape;
  }

  /** Open a directory; `root` must exist. */
  static async open(dir: string, onEscape: (link: EscapedLink) => void = () => {}): Promise<DirectorySource> {
    return new DirectorySource(dir, await realpath(dir), onEscape);
  }

  /** The resolved absolute path of the root. */
  get root(): string {
    return this.#root;
  }

  /** Absolute real path of a root-relative path, or undefined when missing or outside the root. */
  async #resolve(path: string): Promise<string | undefined> {
    const joined = join(this.#root, path);
    if (!isInside(this.#root, joined)) return undefined;
    let real: string;
    try {
      real = await realpath(joined);
    } catch {
      return undefined;
    }
    if (!isInside(this.#root, real)) {
      this.#onEscape({ path: relative(this.#root, joined).split(sep).join("/"), target: real });
      return undefined;
    }
    return real;
  }

  async list(dir: string): Promise<SourceEntry[] | undefined> {
    const real = await this.#resolve(dir);
    if (real === undefined) return undefined;
    let dirents: Dirent[];
    try {
      dirents = await readdir(real, { withFileTypes: true });
    } catch {
      return undefined;
    }
    const out: SourceEntry[] = [];
    for (const d of dirents) {
      if (d.isFile()) out.push({ name: d.name, kind: "file", size: -1 });
      else if (d.isDirectory()) out.push({ name: d.name, kind: "dir", size: 0 });
      else if (d.isSymbolicLink()) {
        const target = await this.#resolve(dir === "" ? d.name : `${dir}/${d.name}`);
        if (target === undefined) continue;
        try {
          const st = await stat(target);
          // Linked directories are not descended (as git does): no cycles, nothing counted twice.
          if (st.isFile()) out.push({ name: d.name, kind: "file", size: st.size });
        } catch {
          // A dangling link is not an entry.
        }
      }
      // Sockets, FIFOs and devices are never read: reading a FIFO would block forever.
    }
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return out;
  }

  async size(path: string): Promise<number | undefined> {
    const real = await this.#resolve(path);
    if (real === undefined) return undefined;
    try {
      const st = await stat(real);
      return st.isFile() ? st.size : undefined;
    } catch {
      return undefined;
    }
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const real = await this.#resolve(path);
    if (real === undefined) return undefined;
    try {
      // Non-blocking open, then check the type on the handle: a FIFO or device swapped in after
      // listing is neither waited on nor read.
      const fh = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
      try {
        const st = await fh.stat();
        if (!st.isFile()) return undefined;
        return await fh.readFile();
      } finally {
        await fh.close();
      }
    } catch {
      return undefined;
    }
  }
}

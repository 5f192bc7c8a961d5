import type { ExtractInput, ScanContext } from "../types.ts";

const decoder = new TextDecoder("utf-8", { fatal: false });

/** Resolve `p` against the directory of `from` (or the root when `p` starts with `/`); undefined if it leaves the root. */
export function resolveRelative(from: string, p: string): string | undefined {
  const base = p.startsWith("/") ? [] : from.split("/").slice(0, -1);
  const out = base.filter((s) => s !== "");
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join("/");
}

/** Reads of the other files of a root, by root-relative path (the walker's side of {@link ExtractInput}). */
export interface RootReader {
  read(path: string): Promise<Uint8Array | undefined>;
  list(dir: string): Promise<string[] | undefined>;
}

/** Build the {@link ExtractInput} for one file: UTF-8 decoding done once, reads resolved and confined to the root. */
export function makeExtractInput(
  path: string,
  content: Uint8Array,
  root: RootReader,
  context: ScanContext = {},
): ExtractInput {
  let text: string | undefined;
  return {
    path,
    content,
    text() {
      if (text === undefined) {
        const t = decoder.decode(content);
        text = t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
      }
      return text;
    },
    readFile(p) {
      const r = resolveRelative(path, p);
      return r === undefined ? Promise.resolve(undefined) : root.read(r);
    },
    listDir(p) {
      const r = resolveRelative(path, p);
      return r === undefined ? Promise.resolve(undefined) : root.list(r);
    },
    context,
  };
}

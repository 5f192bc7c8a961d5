import { archiveUnsafe } from "./errors.ts";

/**
 * Normalises a tar entry name to a root-relative path: `./a//b/` → `a/b`, `/etc/x` → `etc/x`,
 * `a/../b` → `b`. A name whose `..` would climb above the root is refused: extracting it
 * would write outside the target directory, so the archive is treated as hostile.
 */
export function normaliseEntryName(name: string, archive: string): string {
  if (name.includes("\0")) throw archiveUnsafe(`${archive}: entry name contains a NUL byte`, { archive });
  const out: string[] = [];
  for (const segment of name.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length === 0) {
        throw archiveUnsafe(`${archive}: entry "${name}" would be written outside the image root`, {
          archive,
          entry: name,
        });
      }
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out.join("/");
}

/** Splits a normalised path into its parent directory and its last segment. */
export function splitParent(path: string): { parent: string; name: string } {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? { parent: "", name: path } : { parent: path.slice(0, slash), name: path.slice(slash + 1) };
}

/** Joins a directory and a name, treating `""` as the root. */
export function joinPath(dir: string, name: string): string {
  return dir === "" ? name : `${dir}/${name}`;
}

/** The last segment of a `/`-separated path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

/** The directory part of a `/`-separated path (`""` at the root). */
export function dirName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

/** True when the path has this segment as a directory (`node_modules` in `a/node_modules/b/package.json`). */
export function hasDirSegment(path: string, segment: string): boolean {
  return path.startsWith(`${segment}/`) || path.includes(`/${segment}/`);
}

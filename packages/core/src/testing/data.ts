import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (tests only). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** `../shared/data` beside the repository, when present (developer machines and CI). */
export const SHARED_DATA = resolve(REPO_ROOT, "..", "shared", "data");

/** True when `../shared/data` is present. */
export const hasSharedData = existsSync(SHARED_DATA);

/** Path of a file under `fixtures/`. */
export function fixturePath(...parts: string[]): string {
  return join(REPO_ROOT, "fixtures", ...parts);
}

/** Path under `../shared/data` if present, else the same path under `fixtures/` (the small real subset). */
export function dataPath(...parts: string[]): string {
  const shared = join(SHARED_DATA, ...parts);
  return existsSync(shared) ? shared : fixturePath(...parts);
}

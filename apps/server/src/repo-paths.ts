import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The first folder at or above this module that holds `relative` (a path inside the repository,
 * such as `apps/web/dist` or `fixtures`), or undefined. The server runs from source in tests and
 * from a chunk of the CLI bundle (`apps/cli/dist/chunks/…`) in production, so a fixed `../..` from
 * `import.meta.url` would point at different places; walking up finds the checkout in both.
 */
export function findInCheckout(relative: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

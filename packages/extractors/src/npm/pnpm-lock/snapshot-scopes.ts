import { isJsonObject } from "../../shared/json.ts";
import type { Scope } from "../../types.ts";
import { parsePackageKey, referencedKey } from "./keys.ts";
import type { Root } from "./roots.ts";

type Kind = Scope | "prod";
const ORDER: readonly Kind[] = ["prod", "optional", "dev"];
const EDGES = ["dependencies", "optionalDependencies"];

/**
 * Lockfile v9 dropped the `dev` flags, so scope comes from walking `snapshots` from the
 * projects' dependencies: reachable from a production dependency ships (optional when pnpm
 * marks the snapshot `optional`), reachable only from dev dependencies is dev.
 * Returns `name@version` -> scope, where "prod" means no scope.
 */
export function snapshotScopes(snapshots: Record<string, unknown>, roots: readonly Root[]): Map<string, Kind> {
  const reached = new Map<string, Set<Kind>>();
  for (const kind of ORDER) {
    const queue = roots.filter((r) => (r.scope ?? "prod") === kind).map((r) => r.key);
    while (queue.length > 0) {
      const key = queue.pop() as string;
      let kinds = reached.get(key);
      if (kinds?.has(kind)) continue;
      if (kinds === undefined) {
        kinds = new Set();
        reached.set(key, kinds);
      }
      kinds.add(kind);
      const snapshot = snapshots[key];
      if (!isJsonObject(snapshot)) continue;
      for (const edge of EDGES) {
        const deps = snapshot[edge];
        if (!isJsonObject(deps)) continue;
        for (const [name, ref] of Object.entries(deps)) {
          const next = typeof ref === "string" ? referencedKey(name, ref, 9) : undefined;
          if (next !== undefined) queue.push(next);
        }
      }
    }
  }
  const byPackage = new Map<string, Kind>();
  for (const [key, kinds] of reached) {
    const ref = parsePackageKey(key);
    if (ref === undefined) continue;
    const optional = isJsonObject(snapshots[key]) && (snapshots[key] as Record<string, unknown>).optional === true;
    let kind = ORDER.find((k) => kinds.has(k)) as Kind;
    if (kind === "prod" && optional) kind = "optional";
    const pair = `${ref.name}@${ref.version}`;
    const seen = byPackage.get(pair);
    if (seen === undefined || ORDER.indexOf(kind) < ORDER.indexOf(seen)) byPackage.set(pair, kind);
  }
  return byPackage;
}

import type { PackageCollector } from "../../shared/collector.ts";
import { ForwardLineFinder } from "../../shared/forward-lines.ts";
import { isJsonObject } from "../../shared/json.ts";
import type { Declared } from "./declared.ts";
import { scopeOf } from "./packages-section.ts";

/** The real name and version of a v1 entry, or undefined for git, tarball-URL and local (`file:`) entries. */
function resolveV1(name: string, version: string): { name: string; version: string } | undefined {
  if (version.startsWith("npm:")) {
    // Alias: `"alias": { "version": "npm:real@1.2.3" }`.
    const spec = version.slice(4);
    const at = spec.lastIndexOf("@");
    return at > 0 ? resolveV1(spec.slice(0, at), spec.slice(at + 1)) : undefined;
  }
  const c = version.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 ? { name, version } : undefined;
}

/**
 * Reads the nested `dependencies` tree of lockfile v1. Top-level entries are hoisted, so the
 * lockfile alone cannot tell direct from transitive: `declared` is the sibling package.json's
 * dependencies, or undefined when it is missing (relation is then left out).
 */
export function readDependenciesTree(
  dependencies: Record<string, unknown>,
  text: string,
  declared: Declared | undefined,
  out: PackageCollector,
): void {
  const lines = new ForwardLineFinder(text);
  const walk = (deps: Record<string, unknown>, topLevel: boolean): void => {
    for (const [key, entry] of Object.entries(deps)) {
      if (!isJsonObject(entry)) continue;
      // Document order is depth-first, the same order as this walk, so the search moves forward.
      const line = lines.find(`${JSON.stringify(key)}: {`);
      const resolved = typeof entry.version === "string" ? resolveV1(key, entry.version) : undefined;
      if (resolved !== undefined) {
        const relation = declared === undefined ? undefined : topLevel && declared.has(key) ? "direct" : "transitive";
        out.add(resolved.name, resolved.version, line, relation, scopeOf(entry));
      }
      if (isJsonObject(entry.dependencies)) walk(entry.dependencies, false);
    }
  };
  walk(dependencies, true);
}

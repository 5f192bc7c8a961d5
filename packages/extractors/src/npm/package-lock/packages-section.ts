import type { PackageCollector } from "../../shared/collector.ts";
import { ForwardLineFinder } from "../../shared/forward-lines.ts";
import { isJsonObject } from "../../shared/json.ts";
import type { Scope } from "../../types.ts";
import { type Declared, declaredDependencies } from "./declared.ts";

const NODE_MODULES = "node_modules/";

/** npm's flags on a `packages` entry, mapped to our scope (devOptional may still ship, so it counts as optional). */
export function scopeOf(entry: Record<string, unknown>): Scope | undefined {
  if (entry.dev === true) return "dev";
  if (entry.devOptional === true || entry.optional === true) return "optional";
  if (entry.peer === true) return "peer";
  return undefined;
}

/** One entry of the `packages` map: its install path and line. */
export interface PackageMember {
  readonly key: string;
  readonly line: number | undefined;
}

/** The entries of a `packages` map, and a way to get the value of entry `i` (parsed on demand). */
export interface PackageMembers {
  readonly members: readonly PackageMember[];
  entryAt(i: number): unknown;
}

/** The members of an already parsed `packages` object, with lines found by a forward scan of the text. */
export function membersOfParsed(packages: Record<string, unknown>, text: string): PackageMembers {
  const lines = new ForwardLineFinder(text, Math.max(0, text.indexOf('"packages"')));
  const entries = Object.entries(packages);
  return {
    members: entries.map(([key]) => ({ key, line: lines.find(`${JSON.stringify(key)}:`) })),
    entryAt: (i) => entries[i]?.[1],
  };
}

/**
 * Reads the `packages` map of lockfile v2/v3: keys are install paths (`node_modules/a`,
 * `node_modules/a/node_modules/b`, `packages/w/node_modules/c`); `""` is the root project and
 * keys outside node_modules are workspace folders. Links (`link: true`) point at workspace
 * folders and are skipped; bundled dependencies are real installs and are kept. Each entry's
 * value is asked for once, so a caller can parse entries one at a time.
 */
export function readPackagesSection({ members, entryAt }: PackageMembers, out: PackageCollector): void {
  const declaredBy = new Map<string, Declared>();
  const anyWorkspace = new Map<string, Scope | undefined>();
  let hasRoot = false;
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as PackageMember;
    if (m.key.includes(NODE_MODULES)) continue;
    const entry = entryAt(i);
    if (m.key === "") hasRoot = isJsonObject(entry);
    const declared = declaredDependencies(entry);
    declaredBy.set(m.key, declared);
    for (const [name, scope] of declared)
      if (!anyWorkspace.has(name) || scope === undefined) anyWorkspace.set(name, scope);
  }

  for (let i = 0; i < members.length; i++) {
    const m = members[i] as PackageMember;
    const key = m.key;
    const at = key.lastIndexOf(NODE_MODULES);
    if (at < 0) continue;
    const entry = entryAt(i);
    if (!isJsonObject(entry) || entry.link === true) continue;
    if (typeof entry.version !== "string" || entry.version === "") continue;
    const installName = key.slice(at + NODE_MODULES.length);
    const name = typeof entry.name === "string" && entry.name !== "" ? entry.name : installName;
    // A project's direct dependencies sit right under its own node_modules; root ones may be
    // hoisted there from any workspace.
    const parent = at === 0 ? "" : key.slice(0, at - 1);
    const declared = parent === "" ? anyWorkspace : declaredBy.get(parent);
    const relation = hasRoot ? (declared?.has(installName) ? "direct" : "transitive") : undefined;
    out.add(name, entry.version, m.line, relation, scopeOf(entry));
  }
}

import { isJsonObject } from "../../shared/json.ts";
import type { Scope } from "../../types.ts";

/** What a manifest says about a dependency it declares: its scope (undefined = production). */
export type Declared = ReadonlyMap<string, Scope | undefined>;

// Later sections do not override earlier ones: a name in both `dependencies` and
// `devDependencies` ships in production; a peer that is also a dev dependency is dev.
const SECTIONS: readonly (readonly [string, Scope | undefined])[] = [
  ["dependencies", undefined],
  ["optionalDependencies", "optional"],
  ["devDependencies", "dev"],
  ["peerDependencies", "peer"],
];

/** The dependencies a package.json-shaped object declares, by name. Non-object sections are ignored. */
export function declaredDependencies(manifest: unknown): Map<string, Scope | undefined> {
  const out = new Map<string, Scope | undefined>();
  if (!isJsonObject(manifest)) return out;
  for (const [section, scope] of SECTIONS) {
    const deps = manifest[section];
    if (!isJsonObject(deps)) continue;
    for (const name of Object.keys(deps)) if (!out.has(name)) out.set(name, scope);
  }
  return out;
}

/** A plain JSON object (not null, not an array). */

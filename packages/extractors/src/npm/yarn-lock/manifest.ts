import { isJsonObject } from "../../shared/json.ts";
import type { Scope } from "../../types.ts";

/** A dependency a package.json declares: its range and scope (undefined = production). */
export interface DeclaredSpec {
  readonly range: string;
  readonly scope: Scope | undefined;
}

const SECTIONS: readonly (readonly [string, Scope | undefined])[] = [
  ["dependencies", undefined],
  ["optionalDependencies", "optional"],
  ["devDependencies", "dev"],
  ["peerDependencies", "peer"],
];

/** The dependencies of a package.json's bytes, by name; an empty map when unreadable. */
export function declaredSpecs(bytes: Uint8Array | undefined): Map<string, DeclaredSpec> {
  const out = new Map<string, DeclaredSpec>();
  if (bytes === undefined) return out;
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return out;
  }
  if (!isJsonObject(manifest)) return out;
  // The first section that names a dependency wins: production beats dev for a name in both.
  for (const [section, scope] of SECTIONS) {
    const deps = manifest[section];
    if (!isJsonObject(deps)) continue;
    for (const [name, range] of Object.entries(deps)) {
      if (!out.has(name) && typeof range === "string") out.set(name, { range, scope });
    }
  }
  return out;
}

import { isJsonObject } from "../../shared/json.ts";
import type { Scope } from "../../types.ts";
import { referencedKey } from "./keys.ts";

/** A dependency of one of the lockfile's projects, as the key of the package it resolved to. */
export interface Root {
  readonly key: string;
  readonly scope: Scope | undefined;
}

const SECTIONS: readonly (readonly [string, Scope | undefined])[] = [
  ["dependencies", undefined],
  ["optionalDependencies", "optional"],
  ["devDependencies", "dev"],
];

/** A plain YAML mapping. */

/**
 * Direct dependencies of every project in the lockfile: `importers` in workspaces (each
 * member's dependencies are direct too), the top level in single-project v5/v6 files. Values
 * are a plain reference (v5: `1.2.3_peer`) or `{specifier, version}` (v6+).
 */
export function projectRoots(doc: Record<string, unknown>, major: number): Root[] {
  const projects = isJsonObject(doc.importers) ? Object.values(doc.importers) : [doc];
  const roots: Root[] = [];
  for (const project of projects) {
    if (!isJsonObject(project)) continue;
    for (const [section, scope] of SECTIONS) {
      const deps = project[section];
      if (!isJsonObject(deps)) continue;
      for (const [name, value] of Object.entries(deps)) {
        const ref = typeof value === "string" ? value : isJsonObject(value) ? value.version : undefined;
        const key = typeof ref === "string" ? referencedKey(name, ref, major) : undefined;
        if (key !== undefined) roots.push({ key, scope });
      }
    }
  }
  return roots;
}

import type { ExtractInput, ExtractNote, ExtractResult, Relation, Scope } from "../../types.ts";
import { note } from "../results.ts";
import { firstMappable, SbomPackages } from "./package-merge.ts";

/** One component of a CycloneDX BOM as a reader found it (strings as in the file, entities decoded). */
export interface BomComponent {
  readonly purl?: string;
  readonly name?: string;
  readonly version?: string;
  readonly bomRef?: string;
  readonly scope?: string;
  readonly line?: number;
}

/** What the inventory needs from a CycloneDX BOM, whatever its encoding (JSON and XML readers build it). */
export interface Bom {
  /** `bom-ref` of `metadata.component`, the subject the BOM describes. */
  readonly subjectRef?: string;
  /** Every component in document order, nested ones included; the subject itself left out. */
  readonly components: readonly BomComponent[];
  /** `dependencies[]`: ref -> the refs it depends on. */
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
}

// CycloneDX: "excluded" components are not part of the runtime (test and build tooling).
function scopeOf(scope: string | undefined): Scope | undefined {
  if (scope === "optional") return "optional";
  if (scope === "excluded") return "dev";
  return undefined;
}

function label(c: BomComponent): string {
  if (c.name !== undefined) return c.version ? `${c.name}@${c.version}` : c.name;
  return c.purl ?? c.bomRef ?? "(unnamed)";
}

/** The packages of a BOM: one per (ecosystem, name, version), locations merged, direct/transitive from the graph. */
export function bomToResult(input: ExtractInput, bom: Bom, notes: ExtractNote[]): ExtractResult {
  const subjectDeps = bom.subjectRef === undefined ? undefined : bom.dependsOn.get(bom.subjectRef);
  const direct = subjectDeps === undefined ? undefined : new Set(subjectDeps);
  const out = new SbomPackages();
  for (const c of bom.components) {
    if (c.bomRef !== undefined && c.bomRef === bom.subjectRef) continue;
    const found = firstMappable(c.purl === undefined ? [] : [c.purl]);
    if (found === undefined) {
      out.unmapped(label(c));
      continue;
    }
    const version = found.mapped.version ?? (c.version || undefined);
    if (version === undefined) {
      notes.push(note(input, "BULWARK_EXTRACT_UNPINNED", `component ${label(c)} has no version`, c.line));
      continue;
    }
    const relation: Relation | undefined =
      direct === undefined ? undefined : c.bomRef !== undefined && direct.has(c.bomRef) ? "direct" : "transitive";
    out.add(found, version, c.line, relation, scopeOf(c.scope));
  }
  return out.result(input, notes, "component");
}

// Keep in step with ../cyclonedx-xml/inventory.ts: both readers build this model and the
// packages come out the same, which the tests check on the same BOM in JSON and XML.
import { normalizePackageName, purlToPackage } from "@bulwark/versions";
import { PackageURL } from "packageurl-js";
import { makePackage, note } from "../../shared/index.ts";
import type { ExtractedPackage, ExtractInput, ExtractNote, ExtractResult, Relation, Scope } from "../../types.ts";

/** One component of a CycloneDX BOM as a reader found it (strings as in the file, entities decoded). */
export interface BomComponent {
  readonly purl?: string;
  readonly name?: string;
  readonly version?: string;
  readonly bomRef?: string;
  readonly scope?: string;
  readonly line?: number;
}

/** What the inventory needs from a CycloneDX BOM, whatever its encoding. */
export interface Bom {
  /** `bom-ref` of `metadata.component`, the subject the BOM describes. */
  readonly subjectRef?: string;
  /** Every component in document order, nested ones included; the subject itself left out. */
  readonly components: readonly BomComponent[];
  /** `dependencies[]`: ref -> the refs it depends on. */
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
}

const EXAMPLES_IN_NOTE = 3;

/**
 * `pkg:github` names a repository, not a GitHub Action (those are `pkg:githubactions`), so a
 * component carrying it is not matched against the GitHub Actions advisories.
 */
function mapPurl(purl: string | undefined): ReturnType<typeof purlToPackage> {
  if (purl === undefined || /^pkg:\/*github\//i.test(purl)) return undefined;
  return purlToPackage(purl);
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

/**
 * `purlToPackage` gives names folded for comparison (`pretty-env-logger`, lower-case Maven);
 * inventories keep the registry's spelling, so take it from the purl when it folds to the same name.
 */
function spelledName(purl: string, ecosystem: string, folded: string): string {
  try {
    const p = PackageURL.fromString(purl.trim());
    const sep = p.type === "maven" ? ":" : "/";
    const spelled = p.namespace ? `${p.namespace}${sep}${p.name}` : p.name;
    return normalizePackageName(ecosystem, spelled) === folded ? spelled : folded;
  } catch {
    return folded;
  }
}

interface Merged {
  fields: Omit<ExtractedPackage, "locations" | "relation" | "scope">;
  lines: (number | undefined)[];
  relation?: Relation;
  scope?: Scope;
}

/** The packages of a BOM: one per (ecosystem, name, version), locations merged, direct/transitive from the graph. */
export function bomToResult(input: ExtractInput, bom: Bom, notes: ExtractNote[]): ExtractResult {
  const subjectDeps = bom.subjectRef === undefined ? undefined : bom.dependsOn.get(bom.subjectRef);
  const direct = subjectDeps === undefined ? undefined : new Set(subjectDeps);
  const merged = new Map<string, Merged>();
  const unmapped: string[] = [];
  for (const c of bom.components) {
    if (c.bomRef !== undefined && c.bomRef === bom.subjectRef) continue;
    const mapped = mapPurl(c.purl);
    if (mapped === undefined || c.purl === undefined) {
      unmapped.push(label(c));
      continue;
    }
    const version = mapped.version ?? (c.version || undefined);
    if (version === undefined) {
      notes.push(note(input, "BULWARK_EXTRACT_UNPINNED", `component ${label(c)} has no version`, c.line));
      continue;
    }
    const relation: Relation | undefined =
      direct === undefined ? undefined : c.bomRef !== undefined && direct.has(c.bomRef) ? "direct" : "transitive";
    const scope = scopeOf(c.scope);
    const key = `${mapped.ecosystem}\0${mapped.name}\0${version}`;
    const seen = merged.get(key);
    if (seen === undefined) {
      merged.set(key, {
        fields: {
          ecosystem: mapped.ecosystem,
          name: spelledName(c.purl, mapped.ecosystem, mapped.name),
          version,
          purl: c.purl,
        },
        lines: [c.line],
        relation,
        scope,
      });
      continue;
    }
    if (!seen.lines.includes(c.line)) seen.lines.push(c.line);
    if (relation === "direct") seen.relation = "direct";
    // Needed at run time anywhere means needed at run time; two different non-prod scopes say nothing certain.
    if (scope !== seen.scope) seen.scope = undefined;
  }
  if (unmapped.length > 0) {
    const examples = unmapped.slice(0, EXAMPLES_IN_NOTE).join(", ");
    const more = unmapped.length > EXAMPLES_IN_NOTE ? ", …" : "";
    notes.push(
      note(
        input,
        "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
        `${unmapped.length} component${unmapped.length === 1 ? " has" : "s have"} no package URL Bulwark can map (${examples}${more})`,
      ),
    );
  }
  const packages = [...merged.values()].map((m) =>
    makePackage({
      ...m.fields,
      locations: m.lines.map((line) => (line === undefined ? { path: input.path } : { path: input.path, line })),
      relation: m.relation,
      scope: m.scope,
    }),
  );
  return { packages, notes };
}

import type { ExtractInput, ExtractNote, ExtractResult, Relation, Scope } from "../../types.ts";
import { note } from "../results.ts";
import { firstMappable, SbomPackages } from "./package-merge.ts";

/** One SPDX package as a reader found it. */
export interface SpdxPackage {
  readonly id?: string;
  readonly name?: string;
  /** `PACKAGE-MANAGER purl` external references, in document order. */
  readonly purls: readonly string[];
  readonly versionInfo?: string;
  readonly line?: number;
}

/** `spdxElementId relationshipType relatedSpdxElement`. */
export interface SpdxRelationship {
  readonly from: string;
  readonly type: string;
  readonly to: string;
}

/** What the inventory needs from an SPDX 2.x document, whatever its encoding. */
export interface SpdxDocument {
  readonly packages: readonly SpdxPackage[];
  readonly relationships: readonly SpdxRelationship[];
  /** JSON `documentDescribes` (older form of `DOCUMENT DESCRIBES x`). */
  readonly describes: readonly string[];
}

const DOCUMENT = "SPDXRef-DOCUMENT";

type EdgeKind = "prod" | "dev" | "optional";

// "A DEPENDS_ON B": A needs B.
const FORWARD: Record<string, EdgeKind> = { DEPENDS_ON: "prod", CONTAINS: "prod" };
// "A DEPENDENCY_OF B": B needs A.
const BACKWARD: Record<string, EdgeKind> = {
  DEPENDENCY_OF: "prod",
  RUNTIME_DEPENDENCY_OF: "prod",
  PROVIDED_DEPENDENCY_OF: "prod",
  CONTAINED_BY: "prod",
  DEV_DEPENDENCY_OF: "dev",
  TEST_DEPENDENCY_OF: "dev",
  BUILD_DEPENDENCY_OF: "dev",
  OPTIONAL_DEPENDENCY_OF: "optional",
};

interface Edge {
  readonly parent: string;
  readonly child: string;
  readonly kind: EdgeKind;
}

function edgesOf(relationships: readonly SpdxRelationship[]): Edge[] {
  const edges: Edge[] = [];
  for (const r of relationships) {
    const forward = FORWARD[r.type];
    if (forward !== undefined) edges.push({ parent: r.from, child: r.to, kind: forward });
    const backward = BACKWARD[r.type];
    if (backward !== undefined) edges.push({ parent: r.to, child: r.from, kind: backward });
  }
  return edges;
}

/**
 * The subject: packages the document DESCRIBES that have dependencies of their own (the project,
 * image or repository the SBOM is about). A described package with no edges is an ordinary entry
 * of a document that simply DESCRIBES everything it lists.
 */
function subjectsOf(doc: SpdxDocument, edges: readonly Edge[]): Set<string> {
  const described = new Set(doc.describes);
  for (const r of doc.relationships) {
    if (r.type === "DESCRIBES" && r.from === DOCUMENT) described.add(r.to);
    if (r.type === "DESCRIBED_BY" && r.to === DOCUMENT) described.add(r.from);
  }
  const parents = new Set(edges.map((e) => e.parent));
  return new Set([...described].filter((id) => parents.has(id)));
}

// SPDX spells an unknown value NOASSERTION or NONE.
function realValue(v: string | undefined): string | undefined {
  return v === undefined || v === "" || v === "NOASSERTION" || v === "NONE" ? undefined : v;
}

/** The packages of an SPDX document: one per (ecosystem, name, version), direct/transitive from its relationships. */
export function spdxToResult(input: ExtractInput, doc: SpdxDocument, notes: ExtractNote[]): ExtractResult {
  const edges = edgesOf(doc.relationships);
  const subjects = subjectsOf(doc, edges);
  const direct = new Set(edges.filter((e) => subjects.has(e.parent)).map((e) => e.child));
  const kinds = new Map<string, Set<EdgeKind>>();
  for (const e of edges) kinds.set(e.child, (kinds.get(e.child) ?? new Set()).add(e.kind));
  const out = new SbomPackages();
  for (const p of doc.packages) {
    if (p.id !== undefined && subjects.has(p.id)) continue;
    const found = firstMappable(p.purls);
    if (found === undefined) {
      out.unmapped(p.name ?? p.id ?? "(unnamed)");
      continue;
    }
    const version = found.mapped.version ?? realValue(p.versionInfo);
    if (version === undefined) {
      notes.push(note(input, "BULWARK_EXTRACT_UNPINNED", `package ${p.name ?? found.purl} has no version`, p.line));
      continue;
    }
    const relation: Relation | undefined =
      subjects.size === 0 ? undefined : p.id !== undefined && direct.has(p.id) ? "direct" : "transitive";
    const k = p.id === undefined ? undefined : kinds.get(p.id);
    // Only when every edge into the package says so: one ordinary dependency makes it a runtime one.
    const scope: Scope | undefined =
      k?.size === 1 ? (k.has("dev") ? "dev" : k.has("optional") ? "optional" : undefined) : undefined;
    out.add(found, version, p.line, relation, scope);
  }
  return out.result(input, notes, "package");
}

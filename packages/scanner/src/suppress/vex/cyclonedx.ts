import { FieldReader, isObject, type JsonObject, optional } from "./fields.ts";
import { CYCLONEDX_STATES } from "./statuses.ts";
import type { VexProduct, VexStatement } from "./types.ts";

/** The CycloneDX spec versions whose `vulnerabilities[].analysis` Bulwark reads. */
export const CYCLONEDX_VEX_VERSIONS: readonly string[] = ["1.4", "1.5", "1.6"];

/** True when a parsed JSON document is a CycloneDX BOM (any version, with or without vulnerabilities). */
export function looksLikeCycloneDx(doc: JsonObject): boolean {
  return doc.bomFormat === "CycloneDX";
}

interface Component {
  readonly name?: string;
  readonly purl?: string;
  readonly cpe?: string;
}

/**
 * Read a CycloneDX 1.4–1.6 VEX (or a BOM with embedded VEX) into normalised statements: one per
 * `vulnerabilities[]` entry that carries an `analysis.state`; entries without one (a plain VDR) assert nothing.
 */
export function readCycloneDxVex(path: string, doc: JsonObject): VexStatement[] {
  const r: FieldReader = new FieldReader(path);
  const spec = doc.specVersion;
  if (typeof spec !== "string" || !CYCLONEDX_VEX_VERSIONS.includes(spec)) {
    r.fail("specVersion", `unsupported CycloneDX version ${JSON.stringify(spec)} (expected 1.4, 1.5 or 1.6)`);
  }
  if (doc.vulnerabilities === undefined) r.fail("vulnerabilities", "missing: this is an SBOM without VEX data");
  const vulns = r.array(doc, "vulnerabilities", "");
  const components = indexComponents(r, doc);
  const docTimestamp = r.optString(r.optObject(doc, "metadata", "") ?? {}, "timestamp", "metadata");
  const out: VexStatement[] = [];
  vulns.forEach((_, i) => {
    const statement = readVulnerability(r, r.objectAt(vulns, i, "vulnerabilities"), i, components, docTimestamp);
    if (statement !== undefined) out.push(statement);
  });
  return out;
}

function readVulnerability(
  r: FieldReader,
  v: JsonObject,
  index: number,
  components: ReadonlyMap<string, Component>,
  docTimestamp: string | undefined,
): VexStatement | undefined {
  const at = `vulnerabilities[${index}]`;
  const analysis = r.optObject(v, "analysis", at);
  const state = analysis === undefined ? undefined : r.optString(analysis, "state", `${at}.analysis`);
  if (analysis === undefined || state === undefined) return undefined;
  const status = CYCLONEDX_STATES[state];
  if (status === undefined) {
    r.fail(
      `${at}.analysis.state`,
      `expected one of ${Object.keys(CYCLONEDX_STATES).join(", ")}, got ${JSON.stringify(state)}`,
    );
  }
  const id = r.string(v, "id", at).trim();
  const references = r.array(v, "references", at);
  const aliases = [
    ...new Set(
      references.map((_, j) => r.string(r.objectAt(references, j, `${at}.references`), "id", `${at}.references[${j}]`)),
    ),
  ].filter((a) => a !== id);
  const affects = r.array(v, "affects", at);
  const products = affects.map((_, j) =>
    readAffect(r, r.objectAt(affects, j, `${at}.affects`), `${at}.affects[${j}]`, components),
  );
  return {
    vulnerability: id,
    ...(aliases.length > 0 ? { aliases } : {}),
    products,
    status,
    ...optional("justification", r.optString(analysis, "justification", `${at}.analysis`)),
    ...optional("impactStatement", r.optString(analysis, "detail", `${at}.analysis`)),
    ...optional("actionStatement", r.optString(v, "recommendation", at) ?? r.optString(v, "workaround", at)),
    ...optional(
      "timestamp",
      r.optString(analysis, "lastUpdated", `${at}.analysis`) ??
        r.optString(analysis, "firstIssued", `${at}.analysis`) ??
        r.optString(v, "updated", at) ??
        r.optString(v, "published", at) ??
        docTimestamp,
    ),
    source: { path: r.path, format: "cyclonedx", statementIndex: index },
  };
}

function readAffect(r: FieldReader, a: JsonObject, at: string, components: ReadonlyMap<string, Component>): VexProduct {
  const ref = r.string(a, "ref", at);
  const versions: string[] = [];
  const ranges: string[] = [];
  const list = r.array(a, "versions", at);
  list.forEach((_, k) => {
    const entry = r.objectAt(list, k, `${at}.versions`);
    const version = r.optString(entry, "version", `${at}.versions[${k}]`);
    const range = r.optString(entry, "range", `${at}.versions[${k}]`);
    if (version !== undefined) versions.push(version);
    else if (range !== undefined) ranges.push(range);
    else r.fail(`${at}.versions[${k}]`, "has neither version nor range");
  });
  return {
    ...resolveRef(ref, components),
    ...(versions.length > 0 ? { versions } : {}),
    ...(ranges.length > 0 ? { versionRanges: ranges } : {}),
  };
}

/**
 * A `ref` is a bom-ref of a component in this document, or a BOM-Link (`urn:cdx:<serial>/<version>#<bom-ref>`)
 * into another BOM, which is kept as written; when the bom-ref part is itself a purl, as tools often make it,
 * the purl is taken from it.
 */
function resolveRef(ref: string, components: ReadonlyMap<string, Component>): VexProduct {
  if (ref.startsWith("urn:cdx:")) {
    const hash = ref.indexOf("#");
    const fragment = hash < 0 ? "" : safeDecode(ref.slice(hash + 1));
    return fragment.startsWith("pkg:") ? { id: ref, purl: fragment } : { id: ref };
  }
  const component = components.get(ref);
  if (component !== undefined) return { id: ref, ...component };
  return ref.startsWith("pkg:") ? { id: ref, purl: ref } : { id: ref };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Every component with a bom-ref, from `metadata.component` and `components`, nested ones included. */
function indexComponents(r: FieldReader, doc: JsonObject): Map<string, Component> {
  const index = new Map<string, Component>();
  const visit = (c: unknown, at: string): void => {
    if (!isObject(c)) r.fail(at, "expected a component object");
    const ref = r.optString(c, "bom-ref", at);
    if (ref !== undefined) {
      index.set(ref, {
        ...optional("name", r.optString(c, "name", at)),
        ...optional("purl", r.optString(c, "purl", at)),
        ...optional("cpe", r.optString(c, "cpe", at)),
      });
    }
    for (const [i, child] of r.array(c, "components", at).entries()) visit(child, `${at}.components[${i}]`);
  };
  const metadata = r.optObject(doc, "metadata", "");
  const root = metadata === undefined ? undefined : r.optObject(metadata, "component", "metadata");
  if (root !== undefined) visit(root, "metadata.component");
  for (const [i, c] of r.array(doc, "components", "").entries()) visit(c, `components[${i}]`);
  return index;
}

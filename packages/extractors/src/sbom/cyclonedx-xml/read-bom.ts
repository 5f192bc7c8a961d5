import { XMLParser, XMLValidator } from "fast-xml-parser";
import { LineIndex } from "../../shared/index.ts";
import type { Bom, BomComponent } from "../../shared/sbom/component-inventory.ts";
import type { ReadFailure } from "../../shared/sbom/read-outcome.ts";

/** Deeper nesting than this is not a real BOM; it is skipped with a note instead of exhausting memory. */
export const MAX_DEPTH = 64;

/** An XML BOM read into the {@link Bom} model, or why it could not be. */
export type ReadOutcome = { readonly ok: true; readonly bom: Bom; readonly problems: string[] } | ReadFailure;

type Node = Record<string, unknown>;

const NAMESPACE = /cyclonedx\.org\/schema\/bom\/(\d+)\.(\d+)/;

// Entities stay unexpanded (processEntities: false): no DOCTYPE entity, internal or external, is
// ever resolved. Values keep their raw escapes, which are decoded below and used to find lines.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (tagName) => tagName === "component" || tagName === "dependency",
  // Each level of components is two elements (<component><components>); deeper documents fail to parse.
  maxNestedTags: 2 * MAX_DEPTH + 16,
});

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The five predefined XML entities and character references; anything else is left as written. */
export function decodeXmlText(raw: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[body] ?? whole;
  });
}

function isNode(v: unknown): v is Node {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Raw text of a child element or attribute (undefined when absent or not plain text). */
function rawText(node: Node, key: string): string | undefined {
  const v = node[key];
  if (typeof v === "string") return v;
  if (isNode(v) && typeof v["#text"] === "string") return v["#text"];
  return undefined;
}

function text(node: Node, key: string): string | undefined {
  const raw = rawText(node, key);
  return raw === undefined ? undefined : decodeXmlText(raw);
}

/** `<x><component/>…</x>` -> the component nodes (the parser always makes `component` an array). */
function childComponents(container: unknown): unknown[] {
  return isNode(container) && Array.isArray(container.component) ? container.component : [];
}

/** Finds lines by searching the raw text for each purl as written, moving forward through the document. */
class PurlLines {
  readonly #text: string;
  readonly #index: LineIndex;
  #cursor = 0;

  constructor(source: string) {
    this.#text = source;
    this.#index = new LineIndex(source);
  }

  lineOf(rawPurl: string): number | undefined {
    let at = this.#text.indexOf(rawPurl, this.#cursor);
    if (at < 0) at = this.#text.indexOf(rawPurl);
    if (at < 0) return undefined;
    this.#cursor = at + rawPurl.length;
    return this.#index.lineOf(at);
  }
}

function collect(roots: unknown[], lines: PurlLines, out: BomComponent[], problems: string[]): void {
  const stack: { node: unknown; depth: number }[] = roots.map((node) => ({ node, depth: 1 })).reverse();
  let tooDeep = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isNode(node)) continue; // an empty <component/>: nothing to read
    if (depth > MAX_DEPTH) {
      tooDeep++;
      continue;
    }
    const rawPurl = rawText(node, "purl");
    out.push({
      purl: rawPurl === undefined ? undefined : decodeXmlText(rawPurl),
      name: text(node, "name"),
      version: text(node, "version"),
      bomRef: text(node, "@_bom-ref"),
      scope: text(node, "scope"),
      line: rawPurl === undefined ? undefined : lines.lineOf(rawPurl),
    });
    const children = childComponents(node.components);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
  }
  if (tooDeep > 0) problems.push(`${tooDeep} component subtree(s) nested deeper than ${MAX_DEPTH} levels`);
}

// <dependencies><dependency ref="a"><dependency ref="b"/></dependency></dependencies>; the 1.1
// dependency-graph extension has the same shape under another namespace prefix, removed by the parser.
function readDependencies(container: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!isNode(container) || !Array.isArray(container.dependency)) return out;
  for (const d of container.dependency) {
    if (!isNode(d)) continue;
    const ref = text(d, "@_ref");
    if (ref === undefined) continue;
    const on: string[] = [];
    for (const child of Array.isArray(d.dependency) ? d.dependency : []) {
      const r = isNode(child) ? text(child, "@_ref") : undefined;
      if (r !== undefined) on.push(r);
    }
    out.set(ref, [...(out.get(ref) ?? []), ...on]);
  }
  return out;
}

/** Read a CycloneDX XML document (schema 1.0–1.6) into the {@link Bom} model. */
export function readXmlBom(source: string): ReadOutcome {
  // CycloneDX never uses a DTD; refusing one outright keeps entity tricks away from the parser.
  const doctype = source.search(/<!DOCTYPE|<!ENTITY/i);
  if (doctype >= 0) {
    const line = new LineIndex(source).lineOf(doctype);
    return { ok: false, code: "parse", message: "DOCTYPE and ENTITY declarations are not allowed in a BOM", line };
  }
  const valid = XMLValidator.validate(source);
  if (valid !== true)
    return { ok: false, code: "parse", message: `not well-formed XML: ${valid.err.msg}`, line: valid.err.line };
  const ns = NAMESPACE.exec(source);
  if (ns === null)
    return { ok: false, code: "format", message: "not a CycloneDX BOM (no cyclonedx.org/schema/bom namespace)" };
  if (ns[1] !== "1") return { ok: false, code: "format", message: `CycloneDX schema ${ns[1]}.${ns[2]} is not 1.x` };
  let doc: unknown;
  try {
    doc = parser.parse(source);
  } catch (err) {
    return { ok: false, code: "parse", message: `not well-formed XML: ${String(err)}` };
  }
  const bom = isNode(doc) ? doc.bom : undefined;
  if (!isNode(bom))
    return { ok: false, code: "format", message: "not a CycloneDX BOM (the root element is not <bom>)" };
  const problems: string[] = [];
  const lines = new PurlLines(source);
  const components: BomComponent[] = [];
  const subject = isNode(bom.metadata) ? childComponents(bom.metadata)[0] : undefined;
  // The subject is not a package, but what it is assembled from is.
  if (isNode(subject)) collect(childComponents(subject.components), lines, components, problems);
  collect(childComponents(bom.components), lines, components, problems);
  const subjectRef = isNode(subject) ? text(subject, "@_bom-ref") : undefined;
  return { ok: true, bom: { subjectRef, components, dependsOn: readDependencies(bom.dependencies) }, problems };
}

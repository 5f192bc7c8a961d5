import { isJsonObject } from "../../shared/json.ts";
import type { Bom, BomComponent } from "../../shared/sbom/component-inventory.ts";
import { JsonPurlLines, parseJsonObject, stringOf } from "../../shared/sbom/json-document.ts";
import type { ReadFailure } from "../../shared/sbom/read-outcome.ts";

/** Deeper nesting than this is not a real BOM; it is skipped with a note instead of exhausting memory. */
export const MAX_DEPTH = 64;

/** A JSON BOM read into the {@link Bom} model, or why it could not be. */
export type ReadOutcome = { readonly ok: true; readonly bom: Bom; readonly problems: string[] } | ReadFailure;

/** Walks `components` trees depth-first in document order, without recursion. */
function collect(roots: unknown[], lines: JsonPurlLines, out: BomComponent[], problems: string[]): void {
  const stack: { node: unknown; depth: number }[] = roots.map((node) => ({ node, depth: 1 })).reverse();
  let notObjects = 0;
  let tooDeep = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isJsonObject(node)) {
      notObjects++;
      continue;
    }
    if (depth > MAX_DEPTH) {
      tooDeep++;
      continue;
    }
    const purl = stringOf(node.purl);
    out.push({
      purl,
      name: stringOf(node.name),
      version: stringOf(node.version),
      bomRef: stringOf(node["bom-ref"]),
      scope: stringOf(node.scope),
      line: purl === undefined ? undefined : lines.lineOf(purl),
    });
    const children = node.components;
    if (children === undefined) continue;
    if (!Array.isArray(children)) {
      problems.push(`\`components\` of ${stringOf(node.name) ?? "a component"} is not an array`);
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
  }
  if (notObjects > 0) problems.push(`${notObjects} component entries are not objects`);
  if (tooDeep > 0) problems.push(`${tooDeep} component subtree(s) nested deeper than ${MAX_DEPTH} levels`);
}

function readDependencies(value: unknown, problems: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (value === undefined) return out;
  if (!Array.isArray(value)) {
    problems.push("`dependencies` is not an array");
    return out;
  }
  let bad = 0;
  for (const d of value) {
    const ref = isJsonObject(d) ? stringOf(d.ref) : undefined;
    if (!isJsonObject(d) || ref === undefined || (d.dependsOn !== undefined && !Array.isArray(d.dependsOn))) {
      bad++;
      continue;
    }
    const on = Array.isArray(d.dependsOn) ? d.dependsOn.filter((r): r is string => typeof r === "string") : [];
    out.set(ref, [...(out.get(ref) ?? []), ...on]);
  }
  if (bad > 0) problems.push(`${bad} \`dependencies\` entries are malformed`);
  return out;
}

/** Read a CycloneDX JSON document (spec 1.x) into the {@link Bom} model. */
export function readJsonBom(text: string): ReadOutcome {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  const doc = parsed.doc;
  if (doc.bomFormat !== "CycloneDX") {
    return {
      ok: false,
      code: "format",
      message: `not a CycloneDX BOM (bomFormat is ${JSON.stringify(doc.bomFormat)})`,
    };
  }
  const spec = stringOf(doc.specVersion);
  if (spec === undefined || !/^1\.\d+$/.test(spec)) {
    return {
      ok: false,
      code: "format",
      message: `CycloneDX specVersion ${JSON.stringify(doc.specVersion)} is not 1.x`,
    };
  }
  if (doc.components !== undefined && !Array.isArray(doc.components)) {
    return { ok: false, code: "parse", message: "`components` is not an array" };
  }
  const metadata = doc.metadata;
  if (metadata !== undefined && !isJsonObject(metadata)) {
    return { ok: false, code: "parse", message: "`metadata` is not an object" };
  }
  const subject = metadata?.component;
  if (subject !== undefined && !isJsonObject(subject)) {
    return { ok: false, code: "parse", message: "`metadata.component` is not an object" };
  }
  const problems: string[] = [];
  const lines = new JsonPurlLines(text);
  const components: BomComponent[] = [];
  // The subject is not a package, but what it is assembled from is.
  if (subject !== undefined) {
    if (Array.isArray(subject.components)) collect(subject.components, lines, components, problems);
    else if (subject.components !== undefined) problems.push("`metadata.component.components` is not an array");
  }
  collect((doc.components as unknown[] | undefined) ?? [], lines, components, problems);
  const dependsOn = readDependencies(doc.dependencies, problems);
  return { ok: true, bom: { subjectRef: stringOf(subject?.["bom-ref"]), components, dependsOn }, problems };
}

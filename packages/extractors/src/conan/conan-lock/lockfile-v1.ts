import { PackageCollector } from "../../shared/collector.ts";
import { LineIndex, note, noteOnly } from "../../shared/index.ts";
import { isJsonObject, type JsonObject } from "../../shared/json.ts";
import type { ExtractInput, ExtractNote, ExtractResult, Relation, Scope } from "../../types.ts";
import { addReference } from "./collector.ts";
import { parseConanReference } from "./reference.ts";

/** Node ids a node points to: a list of ids (lockfile 0.2+) or a `{reference: id}` object (0.1). */
function edges(node: JsonObject, key: "requires" | "build_requires"): string[] {
  const v = node[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  if (isJsonObject(v)) return Object.values(v).filter((x): x is string => typeof x === "string");
  return [];
}

function reachable(nodes: JsonObject, from: string, keys: readonly ("requires" | "build_requires")[]): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    const node = nodes[id];
    if (!isJsonObject(node)) continue;
    for (const key of keys)
      for (const next of edges(node, key))
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
  }
  return seen;
}

const referenceText = (node: JsonObject): string | undefined =>
  typeof node.ref === "string" ? node.ref : typeof node.pref === "string" ? node.pref : undefined;

/**
 * The consumer node: `0` from lockfile 0.2 on; in 0.1 (UUID node ids) the node with a `path`
 * and no reference. It is the project itself and is not inventoried.
 */
function rootId(nodes: JsonObject): string | undefined {
  if (isJsonObject(nodes["0"])) return "0";
  return Object.keys(nodes).find((id) => {
    const node = nodes[id];
    return isJsonObject(node) && typeof node.path === "string" && referenceText(node) === undefined;
  });
}

/** Read a Conan 1 lockfile (`graph_lock.nodes`, lockfile versions 0.1 to 0.4). */
export function readConan1(input: ExtractInput, raw: string, graph: JsonObject): ExtractResult {
  const nodes = graph.nodes;
  if (!isJsonObject(nodes))
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "`graph_lock.nodes` is not an object");
  const lines = new LineIndex(raw);
  const nodesAt = raw.indexOf('"nodes"');
  const root = rootId(nodes);
  const rootNode = root === undefined ? undefined : nodes[root];
  const direct = new Set(
    isJsonObject(rootNode) ? [...edges(rootNode, "requires"), ...edges(rootNode, "build_requires")] : [],
  );
  const prod = root === undefined ? undefined : reachable(nodes, root, ["requires"]);
  const collector = new PackageCollector(input.path, "ConanCenter");
  const notes: ExtractNote[] = [];
  for (const [id, node] of Object.entries(nodes)) {
    if (id === root) continue;
    const at = raw.indexOf(`${JSON.stringify(id)}:`, nodesAt);
    const line = at >= 0 ? lines.lineOf(at) : undefined;
    if (!isJsonObject(node)) {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `node ${id} is not an object`, line));
      continue;
    }
    const text = referenceText(node);
    // Other consumer nodes (a conanfile in `path`, virtual nodes) have no reference.
    if (text === undefined) continue;
    const ref = parseConanReference(text);
    if (ref === undefined) {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `node ${id}: not a Conan reference: ${text}`, line));
      continue;
    }
    const relation: Relation | undefined = root === undefined ? undefined : direct.has(id) ? "direct" : "transitive";
    // Build requirements (tools such as cmake) and everything only they pull in are dev-only.
    const buildOnly = node.context === "build" || (prod !== undefined && !prod.has(id));
    const scope: Scope | undefined = buildOnly ? "dev" : undefined;
    addReference(collector, ref, line, relation, scope);
  }
  return { packages: collector.packages(), notes };
}

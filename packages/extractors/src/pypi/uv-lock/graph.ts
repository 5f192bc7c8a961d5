import type { Relation, Scope } from "../../types.ts";

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === "object" && v !== null && !Array.isArray(v);

/** One `[[package]]` of uv.lock, reduced to what relation and scope need. */
export interface UvNode {
  readonly name: string;
  readonly version: string | undefined;
  /** The project or a workspace member (`editable`/`virtual` source): not inventoried, its edges are direct. */
  readonly root: boolean;
  readonly raw: Table;
}

/** One dependency edge: target name, optional exact version, extras it enables. */
interface Edge {
  readonly name: string;
  readonly version?: string;
  readonly extras: readonly string[];
}

function edges(list: unknown): Edge[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isTable).flatMap((d) =>
    typeof d.name === "string"
      ? [
          {
            name: d.name,
            version: typeof d.version === "string" ? d.version : undefined,
            extras: Array.isArray(d.extra) ? d.extra.filter((x) => typeof x === "string") : [],
          },
        ]
      : [],
  );
}

function tableEdges(table: unknown, only?: readonly string[]): Edge[] {
  if (!isTable(table)) return [];
  return Object.entries(table).flatMap(([k, list]) => (only === undefined || only.includes(k) ? edges(list) : []));
}

/** What the graph says about each non-root node, keyed by node index. */
export interface NodeFacts {
  readonly relation?: Relation;
  readonly scope?: Scope;
}

/**
 * Walk the lock from its root packages: edges from a root are direct; a node reached from a root's
 * `dependencies` is production, else from its optional-dependencies optional, else from its
 * dev-dependencies dev. Without any root, nothing is known.
 */
export function classify(nodes: readonly UvNode[]): Map<number, NodeFacts> {
  const byName = new Map<string, number[]>();
  nodes.forEach((n, i) => {
    byName.set(n.name, [...(byName.get(n.name) ?? []), i]);
  });
  const targets = (e: Edge) => (byName.get(e.name) ?? []).filter((i) => !e.version || nodes[i]?.version === e.version);

  const reach = (start: Edge[]): Set<number> => {
    const seen = new Set<number>();
    const seenExtras = new Set<string>();
    const queue = [...start];
    for (let e = queue.shift(); e !== undefined; e = queue.shift()) {
      for (const i of targets(e)) {
        const node = nodes[i];
        if (node === undefined) continue;
        if (!seen.has(i)) {
          seen.add(i);
          queue.push(...edges(node.raw.dependencies));
        }
        // An edge naming extras also pulls that package's optional dependencies for those extras.
        const fresh = e.extras.filter((x) => !seenExtras.has(`${i}[${x}]`));
        for (const x of fresh) seenExtras.add(`${i}[${x}]`);
        if (fresh.length > 0) queue.push(...tableEdges(node.raw["optional-dependencies"], fresh));
      }
    }
    return seen;
  };

  const roots = nodes.filter((n) => n.root);
  const facts = new Map<number, NodeFacts>();
  if (roots.length === 0) return facts;
  const prodEdges = roots.flatMap((r) => edges(r.raw.dependencies));
  const optionalEdges = roots.flatMap((r) => tableEdges(r.raw["optional-dependencies"]));
  const devEdges = roots.flatMap((r) => tableEdges(r.raw["dev-dependencies"]));
  const direct = new Set([...prodEdges, ...optionalEdges, ...devEdges].flatMap(targets));
  const prod = reach(prodEdges);
  const optional = reach(optionalEdges);
  const dev = reach(devEdges);
  nodes.forEach((_, i) => {
    const scope: Scope | undefined = prod.has(i)
      ? undefined
      : optional.has(i)
        ? "optional"
        : dev.has(i)
          ? "dev"
          : undefined;
    facts.set(i, { relation: direct.has(i) ? "direct" : "transitive", scope });
  });
  return facts;
}

import type { Scope } from "../../types.ts";
import type { YarnBlock } from "./parse.ts";

type Kind = Scope | "prod";
const ORDER: readonly Kind[] = ["prod", "optional", "peer", "dev"];

/** Relation and scope of each block, from the project's own dependencies (`roots`: descriptor -> scope). */
export interface Classified {
  readonly direct: boolean;
  readonly scope: Scope | undefined;
}

/**
 * yarn.lock has no dev/optional flags, so scope comes from reachability: a block reachable
 * from a production dependency ships; one reachable only from dev dependencies is dev.
 */
export function classify(blocks: readonly YarnBlock[], roots: ReadonlyMap<string, Scope | undefined>): Classified[] {
  const byDescriptor = new Map<string, number>();
  blocks.forEach((b, i) => {
    for (const d of b.descriptors) byDescriptor.set(d, i);
  });
  const reached = blocks.map(() => new Set<Kind>());
  const direct = blocks.map(() => false);
  for (const kind of ORDER) {
    const queue: number[] = [];
    for (const [descriptor, scope] of roots) {
      const i = byDescriptor.get(descriptor);
      if (i === undefined || (scope ?? "prod") !== kind) continue;
      direct[i] = true;
      queue.push(i);
    }
    while (queue.length > 0) {
      const i = queue.pop() as number;
      const seen = reached[i] as Set<Kind>;
      if (seen.has(kind)) continue;
      seen.add(kind);
      for (const [name, range] of (blocks[i] as YarnBlock).dependencies) {
        const next = byDescriptor.get(`${name}@${range}`);
        if (next !== undefined) queue.push(next);
      }
    }
  }
  return blocks.map((_, i) => {
    const kinds = reached[i] as Set<Kind>;
    const best = ORDER.find((k) => kinds.has(k));
    return { direct: direct[i] as boolean, scope: best === undefined || best === "prod" ? undefined : best };
  });
}

/** The identifiers of one advisory: its id and its aliases. */
export interface AliasSource {
  readonly id: string;
  readonly aliases?: readonly string[] | undefined;
}

/** One vulnerability known under several ids (CVE, GHSA, PYSEC, GO, RUSTSEC, ...). */
export interface AliasGroup {
  /** The advisory ids in the group that were given, sorted. */
  readonly ids: readonly string[];
  /** Every id and alias in the group, sorted, CVE first. */
  readonly aliases: readonly string[];
}

function rank(id: string): number {
  if (id.startsWith("CVE-")) return 0;
  if (id.startsWith("GHSA-")) return 1;
  return 2;
}

function byRankThenName(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Merge advisories into groups by shared ids and aliases, transitively: if A aliases
 * B and B aliases C, all three are one vulnerability, reported once.
 */
export function groupByAliases(advisories: readonly AliasSource[]): AliasGroup[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    let cur = x;
    while (cur !== root) {
      const next = parent.get(cur) ?? root;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  for (const adv of advisories) {
    add(adv.id);
    for (const alias of adv.aliases ?? []) {
      add(alias);
      const a = find(adv.id);
      const b = find(alias);
      if (a !== b) parent.set(b, a);
    }
  }
  const groups = new Map<string, { ids: Set<string>; aliases: Set<string> }>();
  for (const adv of advisories) {
    const root = find(adv.id);
    let g = groups.get(root);
    if (!g) {
      g = { ids: new Set(), aliases: new Set() };
      groups.set(root, g);
    }
    g.ids.add(adv.id);
    g.aliases.add(adv.id);
    for (const alias of adv.aliases ?? []) g.aliases.add(alias);
  }
  return [...groups.values()]
    .map((g) => ({ ids: [...g.ids].sort(byRankThenName), aliases: [...g.aliases].sort(byRankThenName) }))
    .sort((a, b) => byRankThenName(a.aliases[0] ?? "", b.aliases[0] ?? ""));
}

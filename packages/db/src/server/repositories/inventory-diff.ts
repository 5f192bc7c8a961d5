/** A component as a diff reports it. */
export interface DiffComponent {
  readonly ecosystem: string;
  readonly name: string;
  readonly version: string;
  readonly purl?: string;
}

/** A package present in both inventories at another version. */
export interface ChangedComponent {
  readonly ecosystem: string;
  /** The name as the current inventory writes it. */
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly purl?: string;
}

/** What changed between two inventories of an asset. */
export interface InventoryDiff {
  readonly added: readonly DiffComponent[];
  readonly removed: readonly DiffComponent[];
  readonly changed: readonly ChangedComponent[];
}

/** A component with the key a diff compares on. */
export interface KeyedComponent extends DiffComponent {
  readonly normalizedName: string;
}

function keyOf(c: KeyedComponent): string {
  return `${c.ecosystem}\u0000${c.normalizedName}`;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plain(c: KeyedComponent): DiffComponent {
  return {
    ecosystem: c.ecosystem,
    name: c.name,
    version: c.version,
    ...(c.purl !== undefined && { purl: c.purl }),
  };
}

function grouped(list: readonly KeyedComponent[]): Map<string, KeyedComponent[]> {
  const out = new Map<string, KeyedComponent[]>();
  for (const c of list) {
    const k = keyOf(c);
    const group = out.get(k);
    if (group === undefined) out.set(k, [c]);
    else group.push(c);
  }
  return out;
}

/**
 * Compare two component lists by package (exact ecosystem + normalised name). Versions present in
 * both are unchanged. Of the rest, a package's leftover versions are paired in sorted order into
 * `changed` (`lodash 4.17.20 → 4.17.21`); unpaired ones are `added` or `removed`. So a package
 * that went from one version to two shows one change and one addition.
 * Computed in JavaScript from the two lists: the pairing rule is awkward in portable SQL, and an
 * inventory (tens of thousands of rows) is read in milliseconds.
 */
export function diffComponents(previous: readonly KeyedComponent[], current: readonly KeyedComponent[]): InventoryDiff {
  const before = grouped(previous);
  const after = grouped(current);
  const added: DiffComponent[] = [];
  const removed: DiffComponent[] = [];
  const changed: ChangedComponent[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key) ?? [];
    const now = after.get(key) ?? [];
    const wasVersions = new Set(was.map((c) => c.version));
    const nowVersions = new Set(now.map((c) => c.version));
    const gone = was.filter((c) => !nowVersions.has(c.version)).sort((a, b) => byText(a.version, b.version));
    const fresh = now.filter((c) => !wasVersions.has(c.version)).sort((a, b) => byText(a.version, b.version));
    const pairs = Math.min(gone.length, fresh.length);
    for (let i = 0; i < pairs; i++) {
      const from = gone[i] as KeyedComponent;
      const to = fresh[i] as KeyedComponent;
      changed.push({
        ecosystem: to.ecosystem,
        name: to.name,
        from: from.version,
        to: to.version,
        ...(to.purl !== undefined && { purl: to.purl }),
      });
    }
    removed.push(...gone.slice(pairs).map(plain));
    added.push(...fresh.slice(pairs).map(plain));
  }
  const order = (a: { ecosystem: string; name: string }, b: { ecosystem: string; name: string }) =>
    byText(a.ecosystem, b.ecosystem) || byText(a.name, b.name);
  added.sort((a, b) => order(a, b) || byText(a.version, b.version));
  removed.sort((a, b) => order(a, b) || byText(a.version, b.version));
  changed.sort((a, b) => order(a, b) || byText(a.from, b.from));
  return { added, removed, changed };
}

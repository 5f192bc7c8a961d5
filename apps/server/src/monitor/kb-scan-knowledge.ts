import {
  type AffectedRow,
  baseEcosystem,
  type EpssScore,
  type KevEntry,
  normalizePackageName,
} from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";
import type { KnowledgeBase } from "@bulwark/db";
import type { ScanKnowledge } from "@bulwark/scanner";

const CVE = /^CVE-\d{4}-\d+$/;

// Bounds of what one instance remembers: a warm instance serves uploads for as long as the
// knowledge base stays unchanged, so it forgets its oldest entries rather than grow with it.
const MAX_PACKAGES = 20_000;
const MAX_DIGESTS = 50_000;
const MAX_SCORES = 200_000;

/** Set, forgetting the oldest entry past `limit` (a Map iterates in insertion order). */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as K);
}

/**
 * The server's knowledge base as the scanner's port. The scanner asks for package entries
 * asynchronously and for digests, EPSS and KEV synchronously while it enriches; so each package
 * look-up also fetches, in the same await, the digests and EPSS scores its advisories will need,
 * and the KEV catalog (about 1,500 rows) is read once. One instance serves one monitoring pass or
 * one upload: look-ups are memoised for its lifetime, so many assets naming the same package cost
 * one query.
 */
export class KbScanKnowledge implements ScanKnowledge {
  readonly #kb: KnowledgeBase;
  #kev: ReadonlyMap<string, KevEntry>;
  readonly #rows = new Map<string, Promise<readonly AffectedRow[]>>();
  readonly #digests = new Map<string, OsvRecord>();
  readonly #epss = new Map<string, EpssScore | null>();
  // Which cached packages each advisory's entries sit in: what a change to the advisory must drop.
  readonly #packagesOf = new Map<string, Set<string>>();

  private constructor(kb: KnowledgeBase, kev: readonly KevEntry[]) {
    this.#kb = kb;
    this.#kev = new Map(kev.map((k) => [k.cveID, k]));
  }

  /**
   * After a KEV or EPSS import: read the KEV catalog again and forget the EPSS scores. Package
   * entries and digests do not depend on either, so what is cached of them stays.
   */
  async refreshFeeds(): Promise<void> {
    this.#kev = new Map((await this.#kb.kevEntries()).map((k) => [k.cveID, k]));
    this.#epss.clear();
  }

  /** Read the KEV catalog and start. */
  static async open(kb: KnowledgeBase): Promise<KbScanKnowledge> {
    return new KbScanKnowledge(kb, await kb.kevEntries());
  }

  /**
   * Read the entries of every package (and OS source package) of an inventory in a few queries,
   * before a matcher asks for them one by one; without digests or EPSS (see {@link complete}).
   */
  async prefetch(packages: readonly { ecosystem: string; name: string; sourceName?: string }[]): Promise<void> {
    const byBase = new Map<string, Set<string>>();
    for (const p of packages) {
      const base = baseEcosystem(p.ecosystem);
      let names = byBase.get(base);
      if (names === undefined) {
        names = new Set();
        byBase.set(base, names);
      }
      for (const n of p.sourceName === undefined ? [p.name] : [p.name, p.sourceName]) {
        const name = normalizePackageName(p.ecosystem, n);
        if (!this.#rows.has(`${base}\u0000${name}`)) names.add(name);
      }
    }
    for (const [base, names] of byBase) {
      if (names.size === 0) continue;
      const rows = await this.#kb.findAffectedMany(base, names);
      for (const name of names) {
        const list = rows.get(name) ?? [];
        remember(this.#rows, `${base}\u0000${name}`, Promise.resolve(list), MAX_PACKAGES);
        this.#index(`${base}\u0000${name}`, list);
      }
    }
  }

  #index(key: string, rows: readonly AffectedRow[]): void {
    for (const r of rows) {
      let keys = this.#packagesOf.get(r.advisoryId);
      if (keys === undefined) {
        keys = new Set();
        this.#packagesOf.set(r.advisoryId, keys);
      }
      keys.add(key);
    }
  }

  /**
   * Forget what is cached of these advisories and of these packages (`base\u0000name` keys),
   * after the knowledge base changed them; returns every package key dropped (those named, and
   * those the advisories' entries were cached under), for a matcher over this instance to forget too.
   */
  forget(advisoryIds: Iterable<string>, packages: Iterable<string>): Set<string> {
    const dropped = new Set(packages);
    for (const id of advisoryIds) {
      for (const key of this.#packagesOf.get(id) ?? []) dropped.add(key);
      this.#packagesOf.delete(id);
      this.#digests.delete(id);
    }
    for (const key of dropped) this.#rows.delete(key);
    return dropped;
  }

  /**
   * Fetch what enriching these matched entries needs: their advisories' digests (bulk look-ups
   * leave them out) and the EPSS scores of their CVEs. Call between matching and the scan.
   */
  async complete(rows: readonly AffectedRow[]): Promise<void> {
    await this.#complete(rows);
  }

  findAffected(baseEcosystem: string, normalizedName: string): Promise<readonly AffectedRow[]> {
    const key = `${baseEcosystem}\u0000${normalizedName}`;
    let rows = this.#rows.get(key);
    if (rows === undefined) {
      rows = this.#load(baseEcosystem, normalizedName);
      remember(this.#rows, key, rows, MAX_PACKAGES);
      void rows.then((list) => this.#index(key, list)).catch(() => {});
    }
    return rows;
  }

  async #load(base: string, name: string): Promise<readonly AffectedRow[]> {
    const rows = await this.#kb.findAffected(base, name);
    await this.#complete(rows);
    return rows;
  }

  /** Fetch the digests (where the rows lack them) and EPSS scores these rows' advisories need. */
  async #complete(rows: readonly AffectedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const missingDigests = rows.filter((r) => r.digest === undefined && !this.#digests.has(r.advisoryId));
    if (missingDigests.length > 0) {
      for (const [id, d] of await this.#kb.getDigests(missingDigests.map((r) => r.advisoryId)))
        remember(this.#digests, id, d, MAX_DIGESTS);
    }
    const cves = new Set<string>();
    for (const r of rows) {
      for (const id of [r.advisoryId, ...r.aliases]) if (CVE.test(id) && !this.#epss.has(id)) cves.add(id);
    }
    if (cves.size > 0) {
      const scores = await this.#kb.getEpssMany(cves);
      for (const cve of cves) remember(this.#epss, cve, scores.get(cve) ?? null, MAX_SCORES);
    }
  }

  getById(id: string): Promise<OsvRecord | undefined> {
    return this.#kb.getById(id);
  }

  getDigest(id: string): OsvRecord | undefined {
    return this.#digests.get(id);
  }

  /** Whole records are never embedded in alerts: monitoring scans ask for none. */
  getJson(_id: string): string | undefined {
    return undefined;
  }

  getKev(cve: string): KevEntry | undefined {
    return this.#kev.get(cve);
  }

  kevEntries(): Iterable<KevEntry> {
    return this.#kev.values();
  }

  getEpss(cve: string): EpssScore | undefined {
    return this.#epss.get(cve) ?? undefined;
  }
}

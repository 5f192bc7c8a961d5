import type { AffectedRow, EpssScore, KevEntry } from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";
import type { KnowledgeBase } from "@bulwark/db";
import type { ScanKnowledge } from "@bulwark/scanner";

const CVE = /^CVE-\d{4}-\d+$/;

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
  readonly #kev: ReadonlyMap<string, KevEntry>;
  readonly #rows = new Map<string, Promise<readonly AffectedRow[]>>();
  readonly #digests = new Map<string, OsvRecord>();
  readonly #epss = new Map<string, EpssScore | null>();

  private constructor(kb: KnowledgeBase, kev: readonly KevEntry[]) {
    this.#kb = kb;
    this.#kev = new Map(kev.map((k) => [k.cveID, k]));
  }

  /** Read the KEV catalog and start. */
  static async open(kb: KnowledgeBase): Promise<KbScanKnowledge> {
    return new KbScanKnowledge(kb, await kb.kevEntries());
  }

  findAffected(baseEcosystem: string, normalizedName: string): Promise<readonly AffectedRow[]> {
    const key = `${baseEcosystem}\u0000${normalizedName}`;
    let rows = this.#rows.get(key);
    if (rows === undefined) {
      rows = this.#load(baseEcosystem, normalizedName);
      this.#rows.set(key, rows);
    }
    return rows;
  }

  async #load(base: string, name: string): Promise<readonly AffectedRow[]> {
    const rows = await this.#kb.findAffected(base, name);
    if (rows.length === 0) return rows;
    const missingDigests = rows.filter((r) => r.digest === undefined && !this.#digests.has(r.advisoryId));
    if (missingDigests.length > 0) {
      for (const [id, d] of await this.#kb.getDigests(missingDigests.map((r) => r.advisoryId)))
        this.#digests.set(id, d);
    }
    const cves = new Set<string>();
    for (const r of rows) {
      for (const id of [r.advisoryId, ...r.aliases]) if (CVE.test(id) && !this.#epss.has(id)) cves.add(id);
    }
    if (cves.size > 0) {
      const scores = await this.#kb.getEpssMany(cves);
      for (const cve of cves) this.#epss.set(cve, scores.get(cve) ?? null);
    }
    return rows;
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

import type { ServerKnowledge } from "../knowledge.ts";

/** How many records' compact JSON the OSV routes keep (a few thousand popular advisories answer most queries). */
const TEXT_CACHE_SIZE = 20_000;
/** Labels are a few bytes each; keep far more of them. */
const LABEL_CACHE_SIZE = 500_000;

function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  if (map.size >= limit) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/**
 * What the public OSV routes read per advisory — its TLP label and its record as compact JSON
 * text — kept between requests, so a warm query reads nothing from the database and never parses
 * or re-serialises a record. Cleared whenever the knowledge base changes.
 */
export class PublicRecordCache {
  readonly #knowledge: ServerKnowledge;
  #labels = new Map<string, string>();
  #texts = new Map<string, string | null>();

  constructor(knowledge: ServerKnowledge) {
    this.#knowledge = knowledge;
  }

  /** Forget everything (after an import). */
  clear(): void {
    this.#labels = new Map();
    this.#texts = new Map();
  }

  /** The labels of these advisories; one query for all that are not cached. */
  async labels(ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const missing = ids.filter((id) => !this.#labels.has(id));
    if (missing.length > 0) {
      const found = await this.#knowledge.labels(missing);
      // Unknown ids are remembered too (as ""), so a probe for a missing id costs one query.
      for (const id of missing) remember(this.#labels, id, found.get(id) ?? "", LABEL_CACHE_SIZE);
    }
    const out = new Map<string, string>();
    for (const id of ids) {
      const label = this.#labels.get(id);
      if (label) out.set(id, label);
    }
    return out;
  }

  /** The record as compact JSON text (osv.dev's exports are indented), undefined when unknown. */
  async json(id: string): Promise<string | undefined> {
    let text = this.#texts.get(id);
    if (text === undefined) {
      const stored = await this.#knowledge.getJson(id);
      text = stored === undefined ? null : JSON.stringify(JSON.parse(stored));
      remember(this.#texts, id, text, TEXT_CACHE_SIZE);
    } else {
      // Recently used records stay: move to the end of the eviction order.
      this.#texts.delete(id);
      this.#texts.set(id, text);
    }
    return text ?? undefined;
  }
}

import { Matcher } from "@bulwark/advisories";
import type { KnowledgeBase, ServerDb } from "@bulwark/db";
import { KbScanKnowledge } from "./kb-scan-knowledge.ts";

/** A knowledge adapter and a matcher over it, valid while the knowledge base stays as it was. */
export interface WarmKnowledge {
  readonly knowledge: KbScanKnowledge;
  readonly matcher: Matcher;
}

interface State extends WarmKnowledge {
  /** The last change-feed row applied. */
  seq: number;
  /** The KEV and EPSS imports its facts come from. */
  feeds: string;
}

/**
 * The upload route's warm matching state: package entries read and ranges compiled by one upload
 * serve the next. Before each use it catches up with the knowledge base's change feed and drops
 * just the packages the changed advisories name (or were cached under); a KEV or EPSS import
 * re-reads KEV and forgets EPSS scores; feed rows it can no longer read start it afresh. So an
 * upload never matches against stale advisories, and a change does not make the next upload cold.
 */
export class SharedKnowledge {
  readonly #kb: KnowledgeBase;
  #state: State | undefined;

  constructor(kb: KnowledgeBase) {
    this.#kb = kb;
  }

  /**
   * Read and compile, ahead of any upload, the entries of the packages the current inventories
   * hold (the most common first, at most `limit` — the matcher's cache size): what operators
   * upload again is what they uploaded before. The server runs it in the background at start;
   * an upload arriving meanwhile simply does its own reading. Returns the packages warmed.
   */
  async warmFromInventories(db: ServerDb, limit = 20_000): Promise<number> {
    const rows = await db.kysely
      .selectFrom("inventory_components as c")
      .innerJoin("inventories as i", "i.id", "c.inventory_id")
      .select(["c.ecosystem", "c.name", (eb) => eb.fn.countAll().as("n")])
      .where("i.is_current", "=", 1)
      .groupBy(["c.ecosystem", "c.name"])
      .orderBy("n", "desc")
      .limit(limit)
      .execute();
    const { knowledge, matcher } = await this.get();
    await knowledge.prefetch(rows);
    // Matching any version compiles the package's ranges into the matcher's cache.
    for (const r of rows) await matcher.match({ ecosystem: r.ecosystem, name: r.name, version: "0" });
    return rows.length;
  }

  /** The warm state for the knowledge base as it is now. */
  async get(): Promise<WarmKnowledge> {
    const mark = await this.#kb.changeMark();
    const state = this.#state;
    if (state !== undefined) {
      if (state.feeds !== mark.feeds) {
        await state.knowledge.refreshFeeds();
        state.feeds = mark.feeds;
      }
      if (mark.seq <= state.seq) return state;
      const changes = await this.#kb.changesSince(state.seq);
      // Rows up to mark.seq were read; one missing after state.seq means the feed was pruned past it.
      if (changes.complete) {
        const dropped = state.knowledge.forget(changes.advisoryIds, changes.packages);
        for (const key of dropped) {
          const [base, name] = key.split("\u0000") as [string, string];
          state.matcher.forget(base, name);
        }
        state.seq = Math.max(state.seq, changes.lastSeq);
        return state;
      }
    }
    const knowledge = await KbScanKnowledge.open(this.#kb);
    this.#state = { knowledge, matcher: new Matcher(knowledge), seq: mark.seq, feeds: mark.feeds };
    return this.#state;
  }
}

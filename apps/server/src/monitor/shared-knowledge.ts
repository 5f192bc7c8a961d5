import { Matcher } from "@bulwark/advisories";
import type { KnowledgeBase } from "@bulwark/db";
import { KbScanKnowledge } from "./kb-scan-knowledge.ts";

/** A knowledge adapter and a matcher over it, valid while the knowledge base stays as it was. */
export interface WarmKnowledge {
  readonly knowledge: KbScanKnowledge;
  readonly matcher: Matcher;
}

/**
 * The upload route's warm matching state: package entries read and ranges compiled by one upload
 * serve the next, as long as the knowledge base has not changed. Any change (an import by this
 * process, another node or the CLI; a sync) shows in the knowledge base's change mark, and the
 * next upload starts afresh, so an upload never matches against stale advisories.
 */
export class SharedKnowledge {
  readonly #kb: KnowledgeBase;
  #current: (WarmKnowledge & { readonly mark: string }) | undefined;

  constructor(kb: KnowledgeBase) {
    this.#kb = kb;
  }

  /** The warm state for the knowledge base as it is now. */
  async get(): Promise<WarmKnowledge> {
    const mark = await this.#kb.changeMark();
    if (this.#current?.mark !== mark) {
      const knowledge = await KbScanKnowledge.open(this.#kb);
      this.#current = { mark, knowledge, matcher: new Matcher(knowledge) };
    }
    return this.#current;
  }
}

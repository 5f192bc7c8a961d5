import type { KnowledgeBase } from "@bulwark/db";
import type { ServerKnowledge } from "./knowledge.ts";

/** The server database's knowledge base (`kb_` tables, SQLite or PostgreSQL) as the routes' port. */
export function knowledgeOf(kb: KnowledgeBase): ServerKnowledge {
  return {
    findAffected: (base, name) => kb.findAffected(base, name),
    getById: (id) => kb.getById(id),
    getJson: (id) => kb.getJson(id),
    labels: (ids) => kb.labelsOf(ids),
    lastUpdate: () => kb.lastUpdate(),
  };
}

import type { AdvisoryDatabase } from "@bulwark/db";
import type { ServerKnowledge } from "./knowledge.ts";

/**
 * The CLI's SQLite advisory database as the server's knowledge base. Every record in it was
 * imported from public OSV exports, so every label is CLEAR.
 */
export function advisoryDatabaseKnowledge(db: AdvisoryDatabase): ServerKnowledge {
  return {
    findAffected: (base, name) => db.findAffected(base, name),
    getById: (id) => db.getById(id),
    async labels(ids) {
      return new Map(ids.map((id) => [id, "CLEAR"]));
    },
    async lastUpdate() {
      return db.lastUpdate();
    },
  };
}

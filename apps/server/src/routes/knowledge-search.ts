import { KnowledgeBase, type KnowledgeSearchHit, type ServerDb } from "@bulwark/db";
import { recordSeverity } from "@bulwark/scoring";
import type { FastifyInstance } from "fastify";
import { requireScope } from "../plugins/auth.ts";
import { withEtag } from "./paging.ts";

const HIT_SCHEMA = {
  $id: "KnowledgeHit",
  type: "object",
  required: ["id", "aliases", "modified", "packages", "kev"],
  properties: {
    id: { type: "string" },
    aliases: { type: "array", items: { type: "string" } },
    summary: { type: "string" },
    published: { type: "string" },
    modified: { type: "string" },
    withdrawn: { type: "string" },
    packages: {
      type: "array",
      items: {
        type: "object",
        required: ["ecosystem", "name"],
        properties: { ecosystem: { type: "string" }, name: { type: "string" } },
      },
    },
    kev: { type: "boolean", description: "Its id or a CVE alias is in the CISA KEV catalog" },
    severity: {
      description: "The highest severity the record gives (CVSS when it has a vector), as scans rate it",
      type: "object",
      required: ["level"],
      properties: { level: { type: "string" }, score: { type: "number" } },
    },
  },
} as const;

/** A hit as the API shows it: the record's severity rated as a scan rates it, the record itself left out. */
function view(hit: KnowledgeSearchHit) {
  const { record, exact: _exact, ...rest } = hit;
  const choice = recordSeverity(record);
  return {
    ...rest,
    ...(choice !== undefined && {
      severity: { level: choice.severity, ...(choice.cvss !== undefined && { score: choice.cvss.score }) },
    }),
  };
}

/**
 * `GET /api/v1/knowledge/search`: find advisories in the knowledge base by id, alias or package,
 * for any signed-in user or token with read scope. Only TLP:CLEAR records, as `/v1/vulns/{id}`
 * (which serves each hit's full record) shows.
 */
export function registerKnowledgeSearchRoutes(app: FastifyInstance, db: ServerDb): void {
  app.addSchema(HIT_SCHEMA);
  const kb = new KnowledgeBase(db);
  app.get<{ Querystring: { q: string; limit?: number } }>(
    "/api/v1/knowledge/search",
    {
      schema: {
        tags: ["advisories"],
        summary: "Search the advisory knowledge base by advisory id, alias (CVE, GHSA) or package name",
        description:
          "An id or alias matches exactly in any case; a package name matches exactly after its ecosystem's normalisation (PyPI: Django = django), in every ecosystem, or in one with Ecosystem:name (PyPI:django) or a purl. Id and alias matches come first, then the newest modified. Read a hit's whole OSV record with GET /v1/vulns/{id}.",
        querystring: {
          type: "object",
          required: ["q"],
          additionalProperties: false,
          properties: {
            q: { type: "string", minLength: 2, maxLength: 200 },
            limit: { type: "integer", minimum: 1, maximum: 100, default: 25 },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { $ref: "KnowledgeHit#" } } },
          },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const hits = await kb.search(request.query.q, request.query.limit ?? 25);
      return withEtag(request, reply, { items: hits.map(view) });
    },
  );
}

import { baseEcosystem, Matcher } from "@bulwark/advisories";
import { BulwarkError } from "@bulwark/core";
import { normalizePackageName, purlToPackage } from "@bulwark/versions";
import type { FastifyInstance } from "fastify";
import type { ServerKnowledge } from "../knowledge.ts";
import { PublicRecordCache } from "./osv-cache.ts";

// The OSV API (https://google.github.io/osv.dev/api/): the request and response shapes of
// osv.dev's /v1/query, /v1/querybatch and /v1/vulns/{id}, so OSV clients can use Bulwark.
// Public, and it answers only with TLP:CLEAR advisories (every imported OSV record is CLEAR).

/** The largest batch osv.dev accepts, and so does Bulwark. */
export const MAX_BATCH_QUERIES = 1000;

const PACKAGE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: { type: "string", minLength: 1, maxLength: 512 },
    ecosystem: { type: "string", minLength: 1, maxLength: 128 },
    purl: { type: "string", minLength: 5, maxLength: 2048 },
  },
} as const;

const QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    package: PACKAGE_SCHEMA,
    version: { type: "string", minLength: 1, maxLength: 256 },
    commit: { type: "string", maxLength: 64 },
    page_token: { type: "string", maxLength: 1024 },
  },
} as const;

interface OsvQuery {
  package?: { name?: string; ecosystem?: string; purl?: string };
  version?: string;
  commit?: string;
  page_token?: string;
}

const VULNS_RESPONSE = {
  type: "object",
  properties: {
    vulns: { type: "array", items: { type: "object", additionalProperties: true } },
    next_page_token: { type: "string" },
  },
} as const;

function invalid(message: string, index?: number): BulwarkError {
  return new BulwarkError("BULWARK_REQUEST_INVALID", message, {
    ...(index !== undefined && { details: { query: index } }),
  });
}

/** (ecosystem, name, version?) of a query, or a coded error saying what is wrong with it. */
function resolveQuery(q: OsvQuery, index?: number): { ecosystem: string; name: string; version?: string } {
  if (q.commit !== undefined) {
    throw invalid("commit queries are not supported: Bulwark matches versions; give package and version", index);
  }
  const pkg = q.package;
  if (pkg === undefined) throw invalid("a query needs package (name and ecosystem, or purl)", index);
  if (pkg.purl !== undefined) {
    if (pkg.name !== undefined || pkg.ecosystem !== undefined) {
      throw invalid("give either package.purl or package.name and package.ecosystem, not both", index);
    }
    const mapped = purlToPackage(pkg.purl);
    if (mapped === undefined) throw invalid(`cannot map purl ${JSON.stringify(pkg.purl)} to an OSV package`, index);
    if (mapped.version !== undefined && q.version !== undefined) {
      throw invalid("the purl has a version; do not give version as well", index);
    }
    const version = mapped.version ?? q.version;
    return { ecosystem: mapped.ecosystem, name: mapped.name, ...(version !== undefined && { version }) };
  }
  if (pkg.name === undefined || pkg.ecosystem === undefined) {
    throw invalid("package needs both name and ecosystem (or a purl)", index);
  }
  return { ecosystem: pkg.ecosystem, name: pkg.name, ...(q.version !== undefined && { version: q.version }) };
}

/** The OSV API routes over a knowledge base. */
export function registerOsvRoutes(app: FastifyInstance, knowledge: ServerKnowledge): void {
  // One matcher for all requests: its compiled-range cache is what makes a warm query cheap.
  // It is rebuilt when the knowledge base changes (an import while the server runs).
  let matcher = new Matcher(knowledge);
  const cache = new PublicRecordCache(knowledge);
  let generation: string | undefined;
  let checkedAt = 0;
  const currentMatcher = async (): Promise<Matcher> => {
    const now = Date.now();
    if (now - checkedAt > 1000) {
      checkedAt = now;
      const last = await knowledge.lastUpdate();
      if (last !== generation) {
        generation = last;
        matcher = new Matcher(knowledge);
        cache.clear();
      }
    }
    return matcher;
  };

  /** Only TLP:CLEAR advisories, in id order: the public API never shows a labelled one. */
  const clearOnly = async (found: ReadonlyMap<string, string>): Promise<{ id: string; modified: string }[]> => {
    const labels = await cache.labels([...found.keys()]);
    return [...found]
      .filter(([id]) => labels.get(id) === "CLEAR")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, modified]) => ({ id, modified }));
  };

  /** Advisories affecting the package (at the version, when given) → their modified times, any label. */
  const matchedIds = async (q: OsvQuery, index?: number): Promise<Map<string, string>> => {
    const { ecosystem, name, version } = resolveQuery(q, index);
    const found = new Map<string, string>();
    if (version !== undefined) {
      const m = await (await currentMatcher()).match({ ecosystem, name, version });
      for (const h of m.affected) found.set(h.advisoryId, h.row.modified);
    } else {
      await currentMatcher();
      const rows = await knowledge.findAffected(baseEcosystem(ecosystem), normalizePackageName(ecosystem, name));
      for (const r of rows) found.set(r.advisoryId, r.modified);
    }
    return found;
  };

  /** The TLP:CLEAR advisories affecting the package, in id order. */
  const matchesFor = async (q: OsvQuery, index?: number) => clearOnly(await matchedIds(q, index));

  app.post<{ Body: OsvQuery }>(
    "/v1/query",
    {
      schema: {
        tags: ["osv"],
        summary: "Vulnerabilities of one package version (osv.dev's /v1/query)",
        body: QUERY_SCHEMA,
        response: { 200: VULNS_RESPONSE },
      },
    },
    async (request, reply) => {
      const texts: string[] = [];
      for (const { id } of await matchesFor(request.body)) {
        const text = await cache.json(id);
        if (text !== undefined) texts.push(text);
      }
      // Records are copied as JSON text, not parsed and serialised again per request. osv.dev
      // answers an empty object, not an empty list, when nothing matches.
      return reply.type("application/json").send(texts.length === 0 ? "{}" : `{"vulns":[${texts.join(",")}]}`);
    },
  );

  app.post<{ Body: { queries: OsvQuery[] } }>(
    "/v1/querybatch",
    {
      schema: {
        tags: ["osv"],
        summary: "Many queries at once; each result lists ids and modified times (osv.dev's /v1/querybatch)",
        body: {
          type: "object",
          required: ["queries"],
          additionalProperties: false,
          properties: { queries: { type: "array", maxItems: MAX_BATCH_QUERIES, items: QUERY_SCHEMA } },
        },
        response: {
          200: {
            type: "object",
            properties: {
              results: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    vulns: {
                      type: "array",
                      items: {
                        type: "object",
                        properties: { id: { type: "string" }, modified: { type: "string" } },
                      },
                    },
                    next_page_token: { type: "string" },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      // Match everything first, then read the labels of all found advisories at once: ids and
      // modified times come from the package index, so no record is read for a batch.
      const found = [];
      for (const [i, q] of request.body.queries.entries()) found.push(await matchedIds(q, i));
      const labels = await cache.labels([...new Set(found.flatMap((f) => [...f.keys()]))]);
      return {
        results: found.map((f) => {
          const vulns = [...f]
            .filter(([id]) => labels.get(id) === "CLEAR")
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([id, modified]) => ({ id, modified }));
          return vulns.length === 0 ? {} : { vulns };
        }),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/v1/vulns/:id",
    {
      schema: {
        tags: ["osv"],
        summary: "One OSV record by id (osv.dev's /v1/vulns/{id})",
        params: {
          type: "object",
          required: ["id"],
          properties: { id: { type: "string", minLength: 1, maxLength: 256 } },
        },
        response: { 200: { type: "object", additionalProperties: true } },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await currentMatcher();
      const text = (await cache.labels([id])).get(id) === "CLEAR" ? await cache.json(id) : undefined;
      if (text === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no advisory ${id}`);
      return reply.type("application/json").send(text);
    },
  );
}

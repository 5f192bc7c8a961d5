import { BulwarkError } from "@bulwark/core";
import { AssetRepository, type ComponentKey, type ServerDb, type StoredComponent } from "@bulwark/db";
import type { FastifyInstance } from "fastify";
import { requireScope, roleFor } from "../plugins/auth.ts";
import { PAGE_QUERY_SCHEMA, type PageQuery, pageOf, withEtag } from "./paging.ts";

const COMPONENT_SCHEMA = {
  $id: "InventoryComponent",
  type: "object",
  required: ["ecosystem", "name", "version"],
  properties: {
    ecosystem: { type: "string" },
    name: { type: "string", description: "As the inventory wrote it" },
    version: { type: "string" },
    purl: { type: "string" },
    sourceName: { type: "string", description: "OS packages: the source package advisories name" },
    sourceVersion: { type: "string" },
  },
} as const;

/** A component as the API shows it (without the matching keys the server keeps). */
function view(c: StoredComponent) {
  return {
    ecosystem: c.ecosystem,
    name: c.name,
    version: c.version,
    ...(c.purl !== undefined && { purl: c.purl }),
    ...(c.sourceName !== undefined && { sourceName: c.sourceName }),
    ...(c.sourceVersion !== undefined && { sourceVersion: c.sourceVersion }),
  };
}

/** The paging key {@link pageOf} hands back, as the repository's key. */
function parseKey(after: string): ComponentKey {
  let key: unknown;
  try {
    key = JSON.parse(after);
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== 3 || !key.every((k) => typeof k === "string")) {
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "the cursor is not one this server gave out", {
      hint: "Start again without cursor, then pass nextCursor from each page.",
    });
  }
  return key as unknown as ComponentKey;
}

/**
 * `GET /api/v1/assets/{id}/components`: the components of an asset's current inventory, sorted
 * by ecosystem, name and version, optionally narrowed by `q`; members of its organisation only
 * (anyone else gets 404, as for the asset itself).
 */
export function registerComponentRoutes(app: FastifyInstance, db: ServerDb): void {
  app.addSchema(COMPONENT_SCHEMA);
  const assets = new AssetRepository(db.kysely);

  app.get<{ Params: { id: string }; Querystring: PageQuery & { q?: string } }>(
    "/api/v1/assets/:id/components",
    {
      schema: {
        tags: ["assets"],
        summary:
          "The components of an asset's current inventory, by ecosystem, name and version (members of its organisation)",
        description:
          "q keeps the components whose name or purl contains it, in any case; total counts every component that matches across all pages. An asset without an inventory has none.",
        params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        querystring: {
          ...PAGE_QUERY_SCHEMA,
          properties: { ...PAGE_QUERY_SCHEMA.properties, q: { type: "string", minLength: 1, maxLength: 200 } },
        },
        response: {
          200: {
            type: "object",
            required: ["items", "total"],
            properties: {
              items: { type: "array", items: { $ref: "InventoryComponent#" } },
              total: { type: "integer", description: "Components matching q, on every page" },
              nextCursor: { type: "string" },
            },
          },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const asset = await assets.byId(request.params.id);
      if (asset === undefined || roleFor(request, asset.orgId) === undefined) {
        throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no asset ${request.params.id}`);
      }
      const current = await assets.currentInventory(asset.id);
      if (current === undefined) return withEtag(request, reply, { items: [], total: 0 });
      const q = request.query.q;
      const page = await pageOf(
        request.query,
        (after, limit) =>
          assets.componentPage(current.id, {
            limit,
            ...(q !== undefined && { q }),
            ...(after !== undefined && { after: parseKey(after) }),
          }),
        (c) => JSON.stringify([c.ecosystem, c.name, c.version]),
      );
      const total = await assets.componentCount(current.id, q);
      return withEtag(request, reply, {
        items: page.items.map(view),
        total,
        ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
      });
    },
  );
}

import { type OrgRole, orgCan } from "@bulwark/access";
import { BulwarkError } from "@bulwark/core";
import {
  AlertRepository,
  ASSET_CRITICALITIES,
  ASSET_KINDS,
  type Asset,
  type AssetChanges,
  type AssetCriticality,
  type AssetKind,
  AssetRepository,
  appendAudit,
  diffComponents,
  INVENTORY_FORMATS,
  type InventoryDiff,
  type InventoryRecord,
  KnowledgeBase,
  type ServerDb,
  type StoredComponent,
} from "@bulwark/db";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { desiredAlerts } from "../monitor/evaluate.ts";
import { reconcileAlerts } from "../monitor/reconcile.ts";
import { SharedKnowledge } from "../monitor/shared-knowledge.ts";
import { requireScope, requireUser, roleFor } from "../plugins/auth.ts";
import { ingestInventory } from "./inventory-ingest.ts";
import { PAGE_QUERY_SCHEMA, type PageQuery, pageOf, withEtag } from "./paging.ts";
import { registerRawUploads, uploadFilename } from "./raw-upload.ts";

/** Largest inventory upload accepted (a 100,000-component CycloneDX JSON is about 40 MB). */
export const INVENTORY_UPLOAD_LIMIT = 50 * 1024 * 1024;

const ASSET_SCHEMA = {
  $id: "Asset",
  type: "object",
  required: ["id", "orgId", "name", "kind", "criticality", "exposed", "tags", "createdAt", "updatedAt"],
  properties: {
    id: { type: "string" },
    orgId: { type: "string" },
    name: { type: "string" },
    kind: { type: "string", enum: [...ASSET_KINDS] },
    environment: { type: "string" },
    criticality: { type: "string", enum: [...ASSET_CRITICALITIES], description: "SSVC Mission & Well-being" },
    exposed: { type: "boolean", description: "Reachable from the internet (BOD 26-04)" },
    owner: { type: "string" },
    tags: { type: "array", items: { type: "string" } },
    createdAt: { type: "string", format: "date-time" },
    updatedAt: { type: "string", format: "date-time" },
    currentInventory: { $ref: "Inventory#" },
    alerts: {
      type: "object",
      description: "Its alerts being dealt with (open, acknowledged, in progress), and how many are past due",
      required: ["active", "overdue"],
      properties: { active: { type: "integer" }, overdue: { type: "integer" } },
    },
  },
} as const;

const INVENTORY_SCHEMA = {
  $id: "Inventory",
  type: "object",
  required: ["id", "assetId", "seq", "uploadedAt", "format", "componentCount", "sha256", "current"],
  properties: {
    id: { type: "string" },
    assetId: { type: "string" },
    seq: { type: "integer", description: "1, 2, 3… per asset, in upload order" },
    uploadedAt: { type: "string", format: "date-time" },
    uploadedBy: { type: "string" },
    format: { type: "string", enum: [...INVENTORY_FORMATS] },
    filename: { type: "string" },
    componentCount: { type: "integer" },
    sha256: { type: "string" },
    current: { type: "boolean" },
  },
} as const;

const COMPONENT = {
  type: "object",
  required: ["ecosystem", "name", "version"],
  properties: {
    ecosystem: { type: "string" },
    name: { type: "string" },
    version: { type: "string" },
    purl: { type: "string" },
  },
} as const;

const DIFF_SCHEMA = {
  $id: "InventoryDiff",
  type: "object",
  required: ["added", "removed", "changed"],
  properties: {
    added: { type: "array", items: COMPONENT },
    removed: { type: "array", items: COMPONENT },
    changed: {
      type: "array",
      items: {
        type: "object",
        required: ["ecosystem", "name", "from", "to"],
        properties: {
          ecosystem: { type: "string" },
          name: { type: "string" },
          from: { type: "string" },
          to: { type: "string" },
          purl: { type: "string" },
        },
      },
    },
  },
} as const;

const ID_PARAMS = { type: "object", required: ["id"], properties: { id: { type: "string" } } } as const;

interface NewAssetBody {
  orgId: string;
  name: string;
  kind: AssetKind;
  environment?: string;
  criticality: AssetCriticality;
  exposed: boolean;
  owner?: string;
  tags?: string[];
}

/**
 * `/api/v1/assets`: an operator organisation's assets and their inventories. Members of the
 * organisation read them (anyone else gets 404); members who may `write` create assets and upload
 * inventories. Each upload becomes the current inventory, the previous ones stay as history.
 */
export function registerAssetRoutes(
  app: FastifyInstance,
  db: ServerDb,
  clock: () => Date,
  opts: { uploadLimit?: number; sharedKnowledge?: SharedKnowledge } = {},
): void {
  app.addSchema(INVENTORY_SCHEMA);
  app.addSchema(ASSET_SCHEMA);
  app.addSchema(DIFF_SCHEMA);
  const assets = new AssetRepository(db.kysely);
  const shared = opts.sharedKnowledge ?? new SharedKnowledge(new KnowledgeBase(db));
  const uploadLimit = opts.uploadLimit ?? INVENTORY_UPLOAD_LIMIT;

  /** Assets with their current inventory and alert counts (three queries for a page). */
  async function withState(list: readonly Asset[]) {
    const ids = list.map((a) => a.id);
    const inventories = await assets.currentInventories(ids);
    const counts = await new AlertRepository(db.kysely).activeCounts(ids, clock().toISOString().slice(0, 10));
    return list.map((a) => {
      const current = inventories.get(a.id);
      return {
        ...a,
        ...(current !== undefined && { currentInventory: current }),
        alerts: counts.get(a.id) ?? { active: 0, overdue: 0 },
      };
    });
  }

  /** The asset when the caller is a member of its organisation; else 404, like a missing one. */
  async function visibleAsset(request: FastifyRequest, id: string): Promise<{ asset: Asset; role: OrgRole }> {
    const asset = await assets.byId(id);
    const role = asset === undefined ? undefined : roleFor(request, asset.orgId);
    if (asset === undefined || role === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no asset ${id}`);
    return { asset, role };
  }

  app.post<{ Body: NewAssetBody }>(
    "/api/v1/assets",
    {
      schema: {
        tags: ["assets"],
        summary: "Create an asset of an operator organisation (members who may write)",
        body: {
          type: "object",
          required: ["orgId", "name", "kind", "criticality", "exposed"],
          additionalProperties: false,
          properties: {
            orgId: { type: "string" },
            name: { type: "string", minLength: 1, maxLength: 200 },
            kind: { type: "string", enum: [...ASSET_KINDS] },
            environment: { type: "string", minLength: 1, maxLength: 100 },
            criticality: { type: "string", enum: [...ASSET_CRITICALITIES] },
            exposed: { type: "boolean" },
            owner: { type: "string", minLength: 1, maxLength: 200 },
            tags: { type: "array", maxItems: 50, items: { type: "string", minLength: 1, maxLength: 100 } },
          },
        },
        response: { 201: { $ref: "Asset#" } },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request);
      requireScope(request, "write");
      const { orgId } = request.body;
      const role = roleFor(request, orgId);
      if (role === undefined || !orgCan(role, "write")) {
        throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", "you may create assets only in an organisation you write for");
      }
      const now = clock();
      const asset = await db.kysely.transaction().execute(async (trx) => {
        const made = await new AssetRepository(trx).create({ ...request.body, tags: request.body.tags ?? [] }, now);
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "asset.create",
          actorUserId: userId,
          actorOrgId: orgId,
          requestId: request.id,
          objectType: "asset",
          objectId: made.id,
          details: { name: made.name, kind: made.kind, criticality: made.criticality, exposed: made.exposed },
        });
        return made;
      });
      return reply.status(201).send(asset);
    },
  );

  app.get<{ Querystring: PageQuery & { orgId: string } }>(
    "/api/v1/assets",
    {
      schema: {
        tags: ["assets"],
        summary: "An organisation's assets in name order (members of it)",
        querystring: {
          ...PAGE_QUERY_SCHEMA,
          required: ["orgId"],
          properties: { ...PAGE_QUERY_SCHEMA.properties, orgId: { type: "string" } },
        },
        response: {
          200: {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { $ref: "Asset#" } }, nextCursor: { type: "string" } },
          },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const { orgId } = request.query;
      if (roleFor(request, orgId) === undefined) {
        throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no organisation ${orgId}`);
      }
      const page = await pageOf(
        request.query,
        (after, limit) => assets.list(orgId, { ...(after !== undefined && { after }), limit }),
        (a) => a.name,
      );
      return withEtag(request, reply, { ...page, items: await withState(page.items) });
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/v1/assets/:id",
    {
      schema: {
        tags: ["assets"],
        summary: "One asset with its current inventory (members of its organisation)",
        params: ID_PARAMS,
        response: { 200: { $ref: "Asset#" } },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const { asset } = await visibleAsset(request, request.params.id);
      const [view] = await withState([asset]);
      return withEtag(request, reply, view);
    },
  );

  app.patch<{ Params: { id: string }; Body: AssetChanges }>(
    "/api/v1/assets/:id",
    {
      schema: {
        tags: ["assets"],
        summary: "Change an asset (members who may write); a new criticality or exposure re-decides its alerts",
        description:
          "Fields left out stay; environment and owner take null to clear. Changing criticality (SSVC Mission & Well-being) or exposure (BOD 26-04) updates the SSVC decision, timeline and due date of the asset's alerts at once.",
        params: ID_PARAMS,
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200 },
            kind: { type: "string", enum: [...ASSET_KINDS] },
            environment: { anyOf: [{ type: "string", minLength: 1, maxLength: 100 }, { type: "null" }] },
            criticality: { type: "string", enum: [...ASSET_CRITICALITIES] },
            exposed: { type: "boolean" },
            owner: { anyOf: [{ type: "string", minLength: 1, maxLength: 200 }, { type: "null" }] },
            tags: { type: "array", maxItems: 50, items: { type: "string", minLength: 1, maxLength: 100 } },
          },
        },
        response: { 200: { $ref: "Asset#" } },
      },
    },
    async (request) => {
      const userId = requireUser(request);
      requireScope(request, "write");
      const { asset: before, role } = await visibleAsset(request, request.params.id);
      if (!orgCan(role, "write")) {
        throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", "your role in the organisation cannot change assets");
      }
      const changes = request.body;
      const now = clock();
      const profileChanged =
        (changes.criticality !== undefined && changes.criticality !== before.criticality) ||
        (changes.exposed !== undefined && changes.exposed !== before.exposed);
      const current = profileChanged ? await assets.currentInventory(before.id) : undefined;
      // Re-decided before the transaction (it reads the knowledge base), written with the change.
      let desired: Awaited<ReturnType<typeof desiredAlerts>> | undefined;
      if (current !== undefined) {
        const warm = await shared.get();
        const profile = {
          criticality: changes.criticality ?? before.criticality,
          exposed: changes.exposed ?? before.exposed,
        };
        desired = await desiredAlerts(warm.knowledge, profile, await assets.components(current.id), now, warm.matcher);
      }
      return db.kysely.transaction().execute(async (trx) => {
        const after = (await new AssetRepository(trx).update(before.id, changes, now)) as Asset;
        const counts =
          desired === undefined
            ? undefined
            : await reconcileAlerts(
                trx,
                after,
                desired,
                await new AlertRepository(trx).ofAsset(after.id),
                { kind: "refresh" },
                now,
              );
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "asset.update",
          actorUserId: userId,
          actorOrgId: after.orgId,
          requestId: request.id,
          objectType: "asset",
          objectId: after.id,
          details: { changes, ...(counts !== undefined && { alerts: counts }) },
        });
        return after;
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: PageQuery }>(
    "/api/v1/assets/:id/inventories",
    {
      schema: {
        tags: ["assets"],
        summary: "An asset's inventory uploads, newest first, each with its diff against the one before",
        params: ID_PARAMS,
        querystring: PAGE_QUERY_SCHEMA,
        response: {
          200: {
            type: "object",
            required: ["items"],
            properties: {
              items: {
                type: "array",
                items: {
                  allOf: [
                    { $ref: "Inventory#" },
                    { type: "object", required: ["diff"], properties: { diff: { $ref: "InventoryDiff#" } } },
                  ],
                },
              },
              nextCursor: { type: "string" },
            },
          },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const { asset } = await visibleAsset(request, request.params.id);
      const page = await pageOf(
        request.query,
        (after, limit) => {
          const beforeSeq = after === undefined ? undefined : Number(after);
          if (beforeSeq !== undefined && !Number.isInteger(beforeSeq)) {
            throw new BulwarkError("BULWARK_REQUEST_INVALID", "the cursor is not one this server gave out");
          }
          return assets.inventoryHistory(asset.id, { ...(beforeSeq !== undefined && { beforeSeq }), limit });
        },
        (i) => String(i.seq),
      );
      const items = await withDiffs(assets, asset.id, page.items);
      return withEtag(request, reply, { items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) });
    },
  );

  // Uploads take the file's bytes as they are, whatever the content type says, so this route
  // lives in its own context with one raw parser (and its own size limit).
  registerRawUploads(app, uploadLimit, "an inventory upload", (scope) => {
    scope.post<{ Params: { id: string }; Querystring: { filename?: string } }>(
      "/api/v1/assets/:id/inventories",
      {
        schema: {
          tags: ["assets"],
          summary:
            "Upload an inventory (the file's bytes: CycloneDX JSON/XML, SPDX JSON/tag-value, a lockfile, or Bulwark's native JSON); it becomes the current one",
          description:
            "Name the file with ?filename= or an x-filename header (package-lock.json, poetry.lock, bom.xml …); without a recognised name the format is detected from the content. A file that cannot be read is refused with BULWARK_INVENTORY_INVALID listing the problems, and the current inventory stays.",
          params: ID_PARAMS,
          querystring: {
            type: "object",
            additionalProperties: false,
            properties: { filename: { type: "string", minLength: 1, maxLength: 255 } },
          },
          response: {
            201: {
              type: "object",
              required: ["inventory", "diff", "alerts", "warnings"],
              properties: {
                inventory: { $ref: "Inventory#" },
                alerts: {
                  description: "What matching the upload did to the asset's alerts",
                  type: "object",
                  required: ["opened", "updated", "reopened", "remediated", "closed"],
                  properties: {
                    opened: { type: "integer" },
                    updated: { type: "integer" },
                    reopened: { type: "integer" },
                    remediated: { type: "integer" },
                    closed: { type: "integer" },
                  },
                },
                diff: { $ref: "InventoryDiff#" },
                warnings: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["code", "message"],
                    properties: { code: { type: "string" }, message: { type: "string" }, line: { type: "integer" } },
                  },
                },
              },
            },
          },
        },
      },
      async (request, reply) => {
        const userId = requireUser(request);
        requireScope(request, "write");
        const { asset, role } = await visibleAsset(request, request.params.id);
        if (!orgCan(role, "write")) {
          throw new BulwarkError("BULWARK_AUTH_FORBIDDEN", "your role in the organisation cannot upload inventories");
        }
        const filename = uploadFilename(request, "upload");
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const { inventory, diff, alerts, warnings } = await ingestInventory(
          db,
          shared,
          asset,
          bytes,
          filename,
          { userId, requestId: request.id },
          clock(),
        );
        return reply.status(201).send({
          inventory,
          diff,
          alerts,
          warnings: warnings.map((n) => ({
            code: n.code,
            message: n.message,
            ...(n.line !== undefined && { line: n.line }),
          })),
        });
      },
    );
  });
}

/** Each upload of a page with its diff against the upload before it (read once each). */
async function withDiffs(
  assets: AssetRepository,
  assetId: string,
  page: readonly InventoryRecord[],
): Promise<(InventoryRecord & { diff: InventoryDiff })[]> {
  const oldest = page[page.length - 1];
  if (oldest === undefined) return [];
  const before = (await assets.inventoryHistory(assetId, { beforeSeq: oldest.seq, limit: 1 }))[0];
  const chain = before === undefined ? [...page] : [...page, before];
  const components = new Map<string, StoredComponent[]>();
  for (const inv of chain) components.set(inv.id, await assets.components(inv.id));
  return page.map((inv, i) => {
    const prev = chain[i + 1];
    return {
      ...inv,
      diff: diffComponents(prev === undefined ? [] : (components.get(prev.id) ?? []), components.get(inv.id) ?? []),
    };
  });
}

import { orgCan, type PlatformRole } from "@bulwark/access";
import { BulwarkError, SIGNATURE_ALGORITHM, type SignatureDocument } from "@bulwark/core";
import {
  appendAudit,
  type BlobStore,
  type Bulletin,
  type BulletinArtifact,
  type BulletinDelivery,
  type BulletinFix,
  type BulletinLink,
  BulletinRepository,
  DELIVERY_STATUSES,
  type ServerDb,
  type ServerSigner,
} from "@bulwark/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type BulletinNotifyOptions, deliverToAffected } from "../bulletins/deliver.ts";
import { requireScope, requireUser, roleFor } from "../plugins/auth.ts";
import { PAGE_QUERY_SCHEMA, type PageQuery, pageOf } from "./paging.ts";
import { registerRawUploads, uploadFilename } from "./raw-upload.ts";

/** Largest patch artifact accepted: signing reads the whole file into memory. */
export const ARTIFACT_UPLOAD_LIMIT = 100 * 1024 * 1024;

/** The platform roles that publish bulletins and see every delivery. */
export const BULLETIN_PUBLISHERS: readonly PlatformRole[] = ["coordinator", "admin"];

/** What artifact uploads and downloads need: the signing key and the blob store. */
export interface ArtifactStore {
  readonly signer?: ServerSigner;
  readonly blobs?: BlobStore;
}

const FIX_SCHEMA = {
  type: "object",
  required: ["ecosystem", "name", "fixedVersions"],
  additionalProperties: false,
  properties: {
    ecosystem: { type: "string", minLength: 1, maxLength: 100 },
    name: { type: "string", minLength: 1, maxLength: 300 },
    fixedVersions: { type: "array", maxItems: 100, items: { type: "string", minLength: 1, maxLength: 200 } },
  },
} as const;

const LINK_SCHEMA = {
  type: "object",
  required: ["url"],
  additionalProperties: false,
  properties: {
    // Only web links: a javascript: or data: URL would run in whoever clicks it.
    url: { type: "string", pattern: "^https?://[^\\s]+$", maxLength: 2000 },
    title: { type: "string", minLength: 1, maxLength: 300 },
  },
} as const;

const ARTIFACT_SCHEMA = {
  $id: "BulletinArtifact",
  type: "object",
  required: [
    "id",
    "bulletinId",
    "filename",
    "mediaType",
    "size",
    "sha256",
    "signature",
    "keyId",
    "createdAt",
    "url",
    "signatureUrl",
  ],
  properties: {
    id: { type: "string" },
    bulletinId: { type: "string" },
    filename: { type: "string" },
    mediaType: { type: "string" },
    size: { type: "integer" },
    sha256: { type: "string", description: "SHA-256 of the file, lower-case hex: its name in the blob store" },
    signature: { type: "string", description: "base64 Ed25519 signature of the file's bytes" },
    keyId: { type: "string", description: "The signing key (see /.well-known/bulwark-signing-key)" },
    createdAt: { type: "string", format: "date-time" },
    url: { type: "string", description: "Download path of the file" },
    signatureUrl: { type: "string", description: "Download path of its signature document (for bulwark verify)" },
  },
} as const;

const DELIVERY_PROPERTIES = {
  bulletinId: { type: "string" },
  orgId: { type: "string" },
  status: { type: "string", enum: [...DELIVERY_STATUSES] },
  deliveredAt: { type: "string", format: "date-time" },
  viewedAt: { type: "string", format: "date-time" },
  acknowledgedAt: { type: "string", format: "date-time" },
  appliedAt: { type: "string", format: "date-time" },
} as const;

const DELIVERY_SCHEMA = {
  $id: "BulletinDelivery",
  type: "object",
  required: ["bulletinId", "orgId", "status", "deliveredAt"],
  properties: DELIVERY_PROPERTIES,
} as const;

const BULLETIN_SCHEMA = {
  $id: "Bulletin",
  type: "object",
  required: ["id", "vulnId", "title", "instructions", "fixes", "links", "createdAt", "updatedAt"],
  properties: {
    id: { type: "string" },
    vulnId: { type: "string", description: "The vulnerability group's key, as alerts carry it" },
    title: { type: "string" },
    instructions: { type: "string" },
    fixes: { type: "array", items: FIX_SCHEMA },
    links: { type: "array", items: LINK_SCHEMA },
    createdBy: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    updatedAt: { type: "string", format: "date-time" },
    delivery: { $ref: "BulletinDelivery#", description: "Your organisation's delivery (operators)" },
  },
} as const;

const COUNTS_SCHEMA = {
  type: "object",
  required: ["delivered", "viewed", "acknowledged", "applied", "total"],
  properties: Object.fromEntries(
    ["delivered", "viewed", "acknowledged", "applied", "total"].map((k) => [k, { type: "integer" }]),
  ),
} as const;

const AFFECTED_ASSET_SCHEMA = {
  type: "object",
  required: ["assetId", "name", "components"],
  properties: {
    assetId: { type: "string" },
    name: { type: "string" },
    components: {
      type: "array",
      items: {
        type: "object",
        required: ["alertId", "ecosystem", "name", "version", "status", "severity", "fixedVersions"],
        properties: {
          alertId: { type: "string" },
          ecosystem: { type: "string" },
          name: { type: "string" },
          version: { type: "string" },
          status: { type: "string" },
          severity: { type: "string" },
          dueAt: { type: "string" },
          fixedVersions: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
} as const;

const DETAIL_SCHEMA = {
  allOf: [
    { $ref: "Bulletin#" },
    {
      type: "object",
      required: ["artifacts"],
      properties: {
        artifacts: { type: "array", items: { $ref: "BulletinArtifact#" } },
        affectedAssets: {
          type: "array",
          items: AFFECTED_ASSET_SCHEMA,
          description: "Your organisation's assets the vulnerability affects, from its alerts (operators)",
        },
        deliveries: {
          type: "object",
          description: "Every operator's delivery, by organisation name (coordinators)",
          required: ["items", "counts"],
          properties: {
            items: {
              type: "array",
              items: {
                type: "object",
                required: ["bulletinId", "orgId", "status", "deliveredAt", "orgName"],
                properties: { ...DELIVERY_PROPERTIES, orgName: { type: "string" }, sector: { type: "string" } },
              },
            },
            counts: COUNTS_SCHEMA,
          },
        },
        deliveredTo: { type: "integer", description: "Operators it was delivered to just now (publishing)" },
      },
    },
  ],
} as const;

const ID_PARAMS = { type: "object", required: ["id"], properties: { id: { type: "string" } } } as const;
const ARTIFACT_PARAMS = {
  type: "object",
  required: ["id", "artifactId"],
  properties: { id: { type: "string" }, artifactId: { type: "string" } },
} as const;
const ORG_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: { orgId: { type: "string", description: "Which of your organisations (when you belong to several)" } },
} as const;

interface NewBulletinBody {
  vulnId: string;
  title: string;
  instructions: string;
  fixes?: BulletinFix[];
  links?: BulletinLink[];
}

type BulletinChangesBody = Partial<Omit<NewBulletinBody, "vulnId">>;

/** Whether the caller publishes bulletins (and so sees them all, with every delivery). */
function isPublisher(request: FastifyRequest): boolean {
  const v = request.principal.viewer;
  return v.kind === "user" && v.platformRoles.some((r) => BULLETIN_PUBLISHERS.includes(r));
}

function requirePublisher(request: FastifyRequest): string {
  const userId = requireUser(request);
  if (!isPublisher(request)) {
    throw new BulwarkError(
      "BULWARK_AUTH_FORBIDDEN",
      "publishing bulletins needs the platform role coordinator or admin",
    );
  }
  return userId;
}

/** The organisations the caller acts for: its memberships, or only the token's organisation. */
function callerOrgIds(request: FastifyRequest): string[] {
  const v = request.principal.viewer;
  if (v.kind !== "user") return [];
  const tokenOrg = request.principal.tokenOrgId;
  return v.memberships.map((m) => m.orgId).filter((o) => tokenOrg === undefined || o === tokenOrg);
}

function notFound(id: string): BulwarkError {
  return new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no bulletin ${id}`);
}

function artifactView(a: BulletinArtifact) {
  const url = `/api/v1/bulletins/${a.bulletinId}/artifacts/${a.id}`;
  return { ...a, url, signatureUrl: `${url}/signature` };
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** The upload's declared type without parameters, or application/octet-stream. */
function mediaTypeOf(header: string | undefined): string {
  const type = (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return MEDIA_TYPE.test(type) && type.length <= 127 ? type : "application/octet-stream";
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._ -]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function requireBlobs(store: ArtifactStore): BlobStore {
  if (store.blobs === undefined) {
    throw new BulwarkError("BULWARK_INTERNAL_UNEXPECTED", "this server was built without a blob store", {
      hint: "Start the server with `bulwark serve`, which opens <data-dir>/blobs.",
    });
  }
  return store.blobs;
}

/**
 * `/api/v1/bulletins`: remediation bulletins, one per vulnerability group, with signed patch
 * artifacts. Coordinators and platform admins publish and change them and see every delivery;
 * an operator sees the bulletins delivered to its organisation, with its own affected assets,
 * and records that it viewed (on read), acknowledged and applied one.
 */
export function registerBulletinRoutes(
  app: FastifyInstance,
  db: ServerDb,
  clock: () => Date,
  store: ArtifactStore = {},
  opts: { uploadLimit?: number; notify?: BulletinNotifyOptions } = {},
): void {
  app.addSchema(ARTIFACT_SCHEMA);
  app.addSchema(DELIVERY_SCHEMA);
  app.addSchema(BULLETIN_SCHEMA);
  const bulletins = new BulletinRepository(db.kysely);
  const uploadLimit = opts.uploadLimit ?? ARTIFACT_UPLOAD_LIMIT;

  /** The bulletin when the caller publishes or it was delivered to one of the caller's organisations; else 404. */
  async function visibleBulletin(
    request: FastifyRequest,
    id: string,
  ): Promise<{ bulletin: Bulletin; orgIds: string[] }> {
    const bulletin = await bulletins.byId(id);
    if (bulletin === undefined) throw notFound(id);
    const orgIds = await bulletins.deliveredOrgIds(bulletin.id, callerOrgIds(request));
    if (orgIds.length === 0 && !isPublisher(request)) throw notFound(id);
    return { bulletin, orgIds };
  }

  /**
   * The operator organisation a request acts for among those the bulletin reached: `?orgId=`, else
   * the only one. Undefined for a publisher who is not acting for one; for anyone else with several,
   * ask which.
   */
  function operatorOrg(request: FastifyRequest, delivered: readonly string[], asked: string | undefined) {
    if (asked !== undefined) {
      if (!delivered.includes(asked)) {
        throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `the bulletin was not delivered to organisation ${asked}`);
      }
      return asked;
    }
    if (delivered.length === 1) return delivered[0];
    if (delivered.length === 0 || isPublisher(request)) return undefined;
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "the bulletin reached several of your organisations", {
      hint: "Name the organisation with ?orgId=.",
      details: { orgIds: delivered },
    });
  }

  app.post<{ Body: NewBulletinBody }>(
    "/api/v1/bulletins",
    {
      schema: {
        tags: ["bulletins"],
        summary: "Publish a remediation bulletin for a vulnerability group (coordinators, platform admins)",
        description:
          "Without fixes, the fixed versions per affected package come from the group's alerts. The bulletin is delivered at once to every organisation with an alert for the vulnerability that is not withdrawn, and later to any organisation an alert opens in.",
        body: {
          type: "object",
          required: ["vulnId", "title", "instructions"],
          additionalProperties: false,
          properties: {
            vulnId: { type: "string", minLength: 1, maxLength: 200 },
            title: { type: "string", minLength: 1, maxLength: 300 },
            instructions: { type: "string", minLength: 1, maxLength: 100_000 },
            fixes: { type: "array", maxItems: 500, items: FIX_SCHEMA },
            links: { type: "array", maxItems: 100, items: LINK_SCHEMA },
          },
        },
        response: { 201: DETAIL_SCHEMA },
      },
    },
    async (request, reply) => {
      const userId = requirePublisher(request);
      requireScope(request, "write");
      const now = clock();
      const made = await db.kysely.transaction().execute(async (trx) => {
        const bulletin = await new BulletinRepository(trx).create({ ...request.body, createdBy: userId }, now);
        const delivered = await deliverToAffected(trx, bulletin, now, opts.notify);
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "bulletin.create",
          actorUserId: userId,
          requestId: request.id,
          objectType: "bulletin",
          objectId: bulletin.id,
          details: { vulnId: bulletin.vulnId, title: bulletin.title, deliveredTo: delivered.map((d) => d.orgId) },
        });
        return { bulletin, delivered: delivered.length };
      });
      return reply.status(201).send({ ...made.bulletin, artifacts: [], deliveredTo: made.delivered });
    },
  );

  app.put<{ Params: { id: string }; Body: BulletinChangesBody }>(
    "/api/v1/bulletins/:id",
    {
      schema: {
        tags: ["bulletins"],
        summary: "Change a bulletin's title, instructions, fixes or links (coordinators, platform admins)",
        description: "An empty fixes list derives them from the alerts again.",
        params: ID_PARAMS,
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: {
            title: { type: "string", minLength: 1, maxLength: 300 },
            instructions: { type: "string", minLength: 1, maxLength: 100_000 },
            fixes: { type: "array", maxItems: 500, items: FIX_SCHEMA },
            links: { type: "array", maxItems: 100, items: LINK_SCHEMA },
          },
        },
        response: { 200: DETAIL_SCHEMA },
      },
    },
    async (request) => {
      const userId = requirePublisher(request);
      requireScope(request, "write");
      const now = clock();
      const bulletin = await db.kysely.transaction().execute(async (trx) => {
        const changed = await new BulletinRepository(trx).update(request.params.id, request.body, now);
        if (changed === undefined) throw notFound(request.params.id);
        await appendAudit(trx, {
          at: now.toISOString(),
          action: "bulletin.update",
          actorUserId: userId,
          requestId: request.id,
          objectType: "bulletin",
          objectId: changed.id,
          details: { vulnId: changed.vulnId, changed: Object.keys(request.body).sort() },
        });
        return changed;
      });
      return { ...bulletin, artifacts: (await bulletins.artifacts(bulletin.id)).map(artifactView) };
    },
  );

  app.get<{ Querystring: PageQuery & { vuln?: string } }>(
    "/api/v1/bulletins",
    {
      schema: {
        tags: ["bulletins"],
        summary: "Bulletins, newest first: all for coordinators, those delivered to your organisations for operators",
        querystring: {
          ...PAGE_QUERY_SCHEMA,
          properties: { ...PAGE_QUERY_SCHEMA.properties, vuln: { type: "string", minLength: 1, maxLength: 200 } },
        },
        response: {
          200: {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { $ref: "Bulletin#" } }, nextCursor: { type: "string" } },
          },
        },
      },
    },
    async (request) => {
      requireScope(request, "read");
      const mine = callerOrgIds(request);
      const deliveredTo = isPublisher(request) ? undefined : mine;
      const page = await pageOf(
        request.query,
        (after, limit) => {
          let key: { createdAt: string; id: string } | undefined;
          if (after !== undefined) {
            const [createdAt, id] = after.split("|");
            if (createdAt === undefined || id === undefined) {
              throw new BulwarkError("BULWARK_REQUEST_INVALID", "the cursor is not one this server gave out");
            }
            key = { createdAt, id };
          }
          return bulletins.list({
            limit,
            ...(key !== undefined && { after: key }),
            ...(request.query.vuln !== undefined && { vulnId: request.query.vuln }),
            ...(deliveredTo !== undefined && { deliveredTo }),
          });
        },
        (b) => `${b.createdAt}|${b.id}`,
      );
      // A caller acting for one organisation sees its delivery status on each item.
      const single = mine.length === 1 ? mine[0] : undefined;
      const items = await Promise.all(
        page.items.map(async (b) => {
          const delivery = single === undefined ? undefined : await bulletins.delivery(b.id, single);
          return { ...b, ...(delivery !== undefined && { delivery }) };
        }),
      );
      return { items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { orgId?: string } }>(
    "/api/v1/bulletins/:id",
    {
      schema: {
        tags: ["bulletins"],
        summary:
          "One bulletin: operators see their affected assets (and it is marked viewed), coordinators every delivery",
        params: ID_PARAMS,
        querystring: ORG_QUERY,
        response: { 200: DETAIL_SCHEMA },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const { bulletin, orgIds } = await visibleBulletin(request, request.params.id);
      const orgId = operatorOrg(request, orgIds, request.query.orgId);
      const artifacts = (await bulletins.artifacts(bulletin.id)).map(artifactView);
      let operator: { delivery: BulletinDelivery; affectedAssets: unknown[] } | undefined;
      if (orgId !== undefined) {
        const now = clock();
        const delivery = await db.kysely.transaction().execute(async (trx) => {
          const marked = await new BulletinRepository(trx).mark(bulletin.id, orgId, "viewed", now);
          if (marked === undefined) throw notFound(bulletin.id);
          if (marked.changed) {
            await appendAudit(trx, {
              at: now.toISOString(),
              action: "bulletin.view",
              ...(request.principal.userId !== undefined && { actorUserId: request.principal.userId }),
              actorOrgId: orgId,
              requestId: request.id,
              objectType: "bulletin",
              objectId: bulletin.id,
              details: { vulnId: bulletin.vulnId },
            });
          }
          return marked.delivery;
        });
        operator = { delivery, affectedAssets: await bulletins.affectedAssets(bulletin.vulnId, orgId) };
      }
      const deliveries = isPublisher(request) ? await bulletins.deliveries(bulletin.id) : undefined;
      // It names the operator's assets: not for shared caches.
      void reply.header("cache-control", "private, no-store");
      return {
        ...bulletin,
        artifacts,
        ...(operator !== undefined && operator),
        ...(deliveries !== undefined && { deliveries }),
      };
    },
  );

  app.post<{ Params: { id: string }; Body: { status: "acknowledged" | "applied"; orgId?: string } }>(
    "/api/v1/bulletins/:id/delivery",
    {
      schema: {
        tags: ["bulletins"],
        summary: "Record that your organisation acknowledged or applied the bulletin (members who may write)",
        description: "The status only moves forward: acknowledging an applied bulletin leaves it applied.",
        params: ID_PARAMS,
        body: {
          type: "object",
          required: ["status"],
          additionalProperties: false,
          properties: {
            status: { type: "string", enum: ["acknowledged", "applied"] },
            orgId: { type: "string", description: "Which of your organisations (when you belong to several)" },
          },
        },
        response: { 200: { $ref: "BulletinDelivery#" } },
      },
    },
    async (request) => {
      const userId = requireUser(request);
      requireScope(request, "write");
      const { bulletin, orgIds } = await visibleBulletin(request, request.params.id);
      const orgId = operatorOrg(request, orgIds, request.body.orgId);
      if (orgId === undefined) {
        throw new BulwarkError(
          "BULWARK_AUTH_FORBIDDEN",
          "only an organisation the bulletin was delivered to records it",
          {
            hint: "Coordinators follow deliveries in GET /api/v1/bulletins/{id}.",
          },
        );
      }
      const role = roleFor(request, orgId);
      if (role === undefined || !orgCan(role, "write")) {
        throw new BulwarkError(
          "BULWARK_AUTH_FORBIDDEN",
          "your role in the organisation cannot record bulletin progress",
        );
      }
      const { status } = request.body;
      const now = clock();
      return db.kysely.transaction().execute(async (trx) => {
        const marked = await new BulletinRepository(trx).mark(bulletin.id, orgId, status, now);
        if (marked === undefined) throw notFound(bulletin.id);
        if (marked.changed) {
          await appendAudit(trx, {
            at: now.toISOString(),
            action: status === "applied" ? "bulletin.apply" : "bulletin.acknowledge",
            actorUserId: userId,
            actorOrgId: orgId,
            requestId: request.id,
            objectType: "bulletin",
            objectId: bulletin.id,
            details: { vulnId: bulletin.vulnId, status: marked.delivery.status },
          });
        }
        return marked.delivery;
      });
    },
  );

  /** The artifact of a bulletin the caller may see, else 404. */
  async function visibleArtifact(request: FastifyRequest, id: string, artifactId: string): Promise<BulletinArtifact> {
    const { bulletin } = await visibleBulletin(request, id);
    const artifact = await bulletins.artifact(bulletin.id, artifactId);
    if (artifact === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no artifact ${artifactId}`);
    return artifact;
  }

  function downloadHeaders(reply: FastifyReply, artifact: BulletinArtifact, filename: string): void {
    void reply
      .header("etag", `"${artifact.sha256}"`)
      .header("content-disposition", attachment(filename))
      .header("x-content-type-options", "nosniff")
      // Whatever the file is, the browser must not run it as a page of this origin.
      .header("content-security-policy", "default-src 'none'; sandbox")
      .header("cache-control", "private, no-cache");
  }

  app.get<{ Params: { id: string; artifactId: string } }>(
    "/api/v1/bulletins/:id/artifacts/:artifactId",
    {
      schema: {
        tags: ["bulletins"],
        summary: "Download a patch artifact's bytes (check them with its signature and bulwark verify)",
        params: ARTIFACT_PARAMS,
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const artifact = await visibleArtifact(request, request.params.id, request.params.artifactId);
      const bytes = await requireBlobs(store).get(artifact.sha256);
      if (bytes === undefined) {
        throw new BulwarkError(
          "BULWARK_OBJECT_NOT_FOUND",
          `the file of artifact ${artifact.id} is not in the blob store`,
          {
            hint: "Every server node must share <data-dir>/blobs; upload the file again if it was lost.",
            details: { sha256: artifact.sha256 },
          },
        );
      }
      downloadHeaders(reply, artifact, artifact.filename);
      const b64 = Buffer.from(artifact.sha256, "hex").toString("base64");
      void reply.header("digest", `sha-256=${b64}`).header("repr-digest", `sha-256=:${b64}:`);
      return reply.type(artifact.mediaType).send(Buffer.from(bytes));
    },
  );

  app.get<{ Params: { id: string; artifactId: string } }>(
    "/api/v1/bulletins/:id/artifacts/:artifactId/signature",
    {
      schema: {
        tags: ["bulletins"],
        summary: "A patch artifact's detached signature document (<file>.sig for bulwark verify)",
        params: ARTIFACT_PARAMS,
        response: {
          200: {
            type: "object",
            required: ["algorithm", "keyId", "sha256", "signature"],
            properties: {
              algorithm: { type: "string", enum: [SIGNATURE_ALGORITHM] },
              keyId: { type: "string" },
              sha256: { type: "string" },
              signature: { type: "string" },
            },
          },
        },
      },
    },
    async (request, reply) => {
      requireScope(request, "read");
      const artifact = await visibleArtifact(request, request.params.id, request.params.artifactId);
      downloadHeaders(reply, artifact, `${artifact.filename}.sig`);
      void reply.header("etag", `"${artifact.sha256}.sig"`);
      const doc: SignatureDocument = {
        algorithm: SIGNATURE_ALGORITHM,
        keyId: artifact.keyId,
        sha256: artifact.sha256,
        signature: artifact.signature,
      };
      return doc;
    },
  );

  // Uploads take the file's bytes as they are, whatever the content type says, so this route
  // lives in its own context with one raw parser (and its own size limit).
  registerRawUploads(app, uploadLimit, "a patch artifact", (scope) => {
    scope.post<{ Params: { id: string }; Querystring: { filename?: string } }>(
      "/api/v1/bulletins/:id/artifacts",
      {
        schema: {
          tags: ["bulletins"],
          summary:
            "Upload a patch artifact (the file's bytes); it is stored by SHA-256 and signed with the server's key",
          description:
            "Name the file with ?filename= or an x-filename header; the Content-Type is kept as its media type. Coordinators and platform admins only.",
          params: ID_PARAMS,
          querystring: {
            type: "object",
            additionalProperties: false,
            properties: { filename: { type: "string", minLength: 1, maxLength: 255 } },
          },
          response: { 201: { $ref: "BulletinArtifact#" } },
        },
      },
      async (request, reply) => {
        const userId = requirePublisher(request);
        requireScope(request, "write");
        const bulletin = await bulletins.byId(request.params.id);
        if (bulletin === undefined) throw notFound(request.params.id);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        if (bytes.byteLength === 0) {
          throw new BulwarkError("BULWARK_REQUEST_INVALID", "the upload is empty", {
            hint: "Send the file's bytes as the request body (curl --data-binary @file).",
          });
        }
        if (store.signer === undefined) {
          throw new BulwarkError("BULWARK_INTERNAL_UNEXPECTED", "this server was built without its signing key", {
            hint: "Start the server with `bulwark serve`, which opens the signing key.",
          });
        }
        const filename = uploadFilename(request, "artifact");
        const mediaType = mediaTypeOf(request.headers["content-type"]);
        const now = clock();
        const blobs = requireBlobs(store);
        const signer = store.signer;
        const artifact = await db.kysely.transaction().execute(async (trx) => {
          const added = await new BulletinRepository(trx).addArtifact(
            bulletin.id,
            { bytes, filename, mediaType },
            { blobs, signer },
            now,
          );
          await appendAudit(trx, {
            at: now.toISOString(),
            action: "bulletin.artifact.add",
            actorUserId: userId,
            requestId: request.id,
            objectType: "bulletin",
            objectId: bulletin.id,
            details: {
              artifactId: added.id,
              filename,
              mediaType,
              size: added.size,
              sha256: added.sha256,
              keyId: added.keyId,
            },
          });
          return added;
        });
        return reply.status(201).send(artifactView(artifact));
      },
    );
  });
}

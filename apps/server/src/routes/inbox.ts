import { BulwarkError } from "@bulwark/core";
import { EMAIL_MODES, type InboxItem, type InboxKey, InboxRepository, type ServerDb } from "@bulwark/db";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireScope, requireUser } from "../plugins/auth.ts";
import { pageOf } from "./paging.ts";

const INBOX_ITEM_SCHEMA = {
  $id: "InboxItem",
  type: "object",
  required: ["id", "kind", "title", "body", "createdAt", "emailMode"],
  properties: {
    id: { type: "string" },
    orgId: { type: "string" },
    kind: {
      type: "string",
      description: "alert.opened, alert.reopened, alert.closed, alert.remediated, webhook.disabled, bulletin",
    },
    severity: { type: "string" },
    title: { type: "string" },
    body: { type: "string" },
    link: { type: "string", description: "A path of this server, e.g. /api/v1/alerts/{id}" },
    subjectId: { type: "string", description: "The alert or webhook the item is about" },
    createdAt: { type: "string", format: "date-time" },
    readAt: { type: "string", format: "date-time" },
    emailMode: { type: "string", enum: [...EMAIL_MODES], description: "How it was or will be e-mailed" },
    emailedAt: { type: "string", format: "date-time" },
  },
} as const;

const ID_PARAMS = { type: "object", required: ["id"], properties: { id: { type: "string" } } } as const;

interface InboxQuery {
  unread?: boolean;
  limit?: number;
  after?: string;
}

/** The item without its owner (always the caller). */
function view(item: InboxItem) {
  const { userId: _user, ...rest } = item;
  return rest;
}

/** The keyset position a page cursor holds: `createdAt|id` of the last item shown. */
function keyOf(after: string): InboxKey {
  const cut = after.indexOf("|");
  if (cut < 0) {
    throw new BulwarkError("BULWARK_REQUEST_INVALID", "the cursor is not one this server gave out", {
      hint: "Start again without after, then pass next from each page.",
    });
  }
  return { createdAt: after.slice(0, cut), id: after.slice(cut + 1) };
}

/** A token made for one organisation sees that organisation's items only. */
function scopeOf(request: FastifyRequest): { orgId?: string } {
  const orgId = request.principal.tokenOrgId;
  return orgId === undefined ? {} : { orgId };
}

/**
 * `/api/v1/inbox`: the caller's own notifications (signed-in users, and API tokens, which act
 * for their user). Nobody reads or marks another user's items: an id that is not the caller's
 * is not found.
 */
export function registerInboxRoutes(app: FastifyInstance, db: ServerDb, clock: () => Date): void {
  app.addSchema(INBOX_ITEM_SCHEMA);
  const inbox = new InboxRepository(db.kysely);

  app.get<{ Querystring: InboxQuery }>(
    "/api/v1/inbox",
    {
      schema: {
        tags: ["notifications"],
        summary: "Your inbox, newest first, with the number of unread items",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            unread: { type: "boolean", description: "Only unread items" },
            limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
            after: { type: "string", maxLength: 1024, description: "The `next` of the previous page" },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["items", "unread"],
            properties: {
              items: { type: "array", items: { $ref: "InboxItem#" } },
              unread: { type: "integer", description: "Unread items in all" },
              next: { type: "string" },
            },
          },
        },
      },
    },
    async (request) => {
      requireScope(request, "read");
      const userId = requireUser(request);
      const scope = scopeOf(request);
      const page = await pageOf<InboxItem>(
        { limit: request.query.limit ?? 50, ...(request.query.after !== undefined && { cursor: request.query.after }) },
        (after, limit) =>
          inbox.list(userId, {
            limit,
            ...(after !== undefined && { after: keyOf(after) }),
            ...(request.query.unread === true && { unread: true }),
            ...scope,
          }),
        (item) => `${item.createdAt}|${item.id}`,
      );
      return {
        items: page.items.map(view),
        unread: await inbox.countUnread(userId, scope),
        ...(page.nextCursor !== undefined && { next: page.nextCursor }),
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    "/api/v1/inbox/:id/read",
    {
      schema: {
        tags: ["notifications"],
        summary: "Mark one of your inbox items read",
        params: ID_PARAMS,
        response: { 200: { $ref: "InboxItem#" } },
      },
    },
    async (request) => {
      requireScope(request, "write");
      const userId = requireUser(request);
      const item = await inbox.markRead(userId, request.params.id, clock(), scopeOf(request));
      if (item === undefined) {
        throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no inbox item ${request.params.id}`, {
          hint: "List your items with GET /api/v1/inbox.",
        });
      }
      return view(item);
    },
  );

  app.post(
    "/api/v1/inbox/read-all",
    {
      schema: {
        tags: ["notifications"],
        summary: "Mark all your inbox items read",
        response: {
          200: {
            type: "object",
            required: ["marked"],
            properties: { marked: { type: "integer", description: "How many were unread" } },
          },
        },
      },
    },
    async (request) => {
      requireScope(request, "write");
      const userId = requireUser(request);
      return { marked: await inbox.markAllRead(userId, clock(), scopeOf(request)) };
    },
  );
}

import {
  DEFAULT_NOTIFICATION_PREFS,
  NOTIFICATION_MODES,
  NOTIFICATION_SEVERITIES,
  type NotificationMode,
  NotificationPrefsRepository,
  type NotificationSeverity,
  type ServerDb,
} from "@bulwark/db";
import type { FastifyInstance } from "fastify";
import { requireScope, requireUser } from "../plugins/auth.ts";

const MODE = { type: "string", enum: [...NOTIFICATION_MODES] } as const;
const SEVERITY_MODES = {
  type: "object",
  additionalProperties: false,
  properties: Object.fromEntries(NOTIFICATION_SEVERITIES.map((s) => [s, MODE])),
} as const;

const SETTINGS_SCHEMA = {
  $id: "NotificationSettings",
  type: "object",
  required: ["severities", "defaults"],
  properties: {
    severities: {
      ...SEVERITY_MODES,
      required: [...NOTIFICATION_SEVERITIES],
      description: "Per alert severity: e-mail at once, in the daily digest, or not (the inbox gets everything)",
    },
    defaults: { ...SEVERITY_MODES, required: [...NOTIFICATION_SEVERITIES] },
  },
} as const;

/**
 * `/api/v1/me/notification-settings`: how the caller's notifications are e-mailed, per severity
 * (immediate, daily digest or off). Every user has settings: defaults until they change them.
 */
export function registerNotificationSettingsRoutes(app: FastifyInstance, db: ServerDb): void {
  app.addSchema(SETTINGS_SCHEMA);
  const prefs = new NotificationPrefsRepository(db.kysely);

  app.get(
    "/api/v1/me/notification-settings",
    {
      schema: {
        tags: ["notifications"],
        summary: "Your e-mail settings per severity",
        response: { 200: { $ref: "NotificationSettings#" } },
      },
    },
    async (request) => {
      requireScope(request, "read");
      return { severities: await prefs.get(requireUser(request)), defaults: DEFAULT_NOTIFICATION_PREFS };
    },
  );

  app.put<{ Body: { severities: Partial<Record<NotificationSeverity, NotificationMode>> } }>(
    "/api/v1/me/notification-settings",
    {
      schema: {
        tags: ["notifications"],
        summary: "Change your e-mail settings; severities left out keep theirs",
        body: {
          type: "object",
          required: ["severities"],
          additionalProperties: false,
          properties: { severities: SEVERITY_MODES },
        },
        response: { 200: { $ref: "NotificationSettings#" } },
      },
    },
    async (request) => {
      requireScope(request, "write");
      const severities = await prefs.set(requireUser(request), request.body.severities);
      return { severities, defaults: DEFAULT_NOTIFICATION_PREFS };
    },
  );
}

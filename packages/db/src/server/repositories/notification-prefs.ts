import type { Kysely } from "kysely";
import type { ServerSchema } from "../schema.ts";

/** The severities a user sets notifications for (an alert's severity level). */
export const NOTIFICATION_SEVERITIES = ["critical", "high", "medium", "low", "unknown"] as const;

/** One of {@link NOTIFICATION_SEVERITIES}. */
export type NotificationSeverity = (typeof NOTIFICATION_SEVERITIES)[number];

/** E-mail at once, in the daily digest, or none (the in-app inbox gets every item regardless). */
export const NOTIFICATION_MODES = ["immediate", "digest", "off"] as const;

/** One of {@link NOTIFICATION_MODES}. */
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

/** A user's mode for every severity. */
export type NotificationPrefs = Readonly<Record<NotificationSeverity, NotificationMode>>;

/**
 * What a user who never chose gets: critical and high at once, medium and low in the daily
 * digest, unknown not by e-mail (docs/notifications.md).
 */
export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = {
  critical: "immediate",
  high: "immediate",
  medium: "digest",
  low: "digest",
  unknown: "off",
};

/** The severity a preference is looked up by: anything unrecognised counts as `unknown`. */
export function notificationSeverity(level: string | null | undefined): NotificationSeverity {
  return (NOTIFICATION_SEVERITIES as readonly string[]).includes(level ?? "")
    ? (level as NotificationSeverity)
    : "unknown";
}

/** Per user and severity: immediate e-mail, daily digest or none. Only choices are stored; defaults fill the rest. */
export class NotificationPrefsRepository {
  readonly #db: Kysely<ServerSchema>;

  constructor(db: Kysely<ServerSchema>) {
    this.#db = db;
  }

  /** The user's preferences, defaults where they chose nothing. */
  async get(userId: string): Promise<NotificationPrefs> {
    return (await this.getMany([userId])).get(userId) ?? DEFAULT_NOTIFICATION_PREFS;
  }

  /** Several users' preferences at once (the notifier reads a whole organisation's). */
  async getMany(userIds: readonly string[]): Promise<Map<string, NotificationPrefs>> {
    const out = new Map<string, Record<NotificationSeverity, NotificationMode>>();
    for (const id of userIds) out.set(id, { ...DEFAULT_NOTIFICATION_PREFS });
    const unique = [...new Set(userIds)];
    // Chunked to stay under SQLite's bound-parameter limit with large organisations.
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await this.#db
        .selectFrom("notification_prefs")
        .select(["user_id", "severity", "mode"])
        .where("user_id", "in", unique.slice(i, i + 1000))
        .execute();
      for (const r of rows) {
        const prefs = out.get(r.user_id);
        if (
          prefs !== undefined &&
          (NOTIFICATION_SEVERITIES as readonly string[]).includes(r.severity) &&
          (NOTIFICATION_MODES as readonly string[]).includes(r.mode)
        ) {
          prefs[r.severity as NotificationSeverity] = r.mode as NotificationMode;
        }
      }
    }
    return out;
  }

  /** Set the given severities' modes (others keep theirs); the resulting preferences. */
  async set(
    userId: string,
    changes: Partial<Record<NotificationSeverity, NotificationMode>>,
  ): Promise<NotificationPrefs> {
    for (const severity of NOTIFICATION_SEVERITIES) {
      const mode = changes[severity];
      if (mode === undefined) continue;
      await this.#db
        .insertInto("notification_prefs")
        .values({ user_id: userId, severity, mode })
        .onConflict((oc) => oc.columns(["user_id", "severity"]).doUpdateSet({ mode }))
        .execute();
    }
    return this.get(userId);
  }
}

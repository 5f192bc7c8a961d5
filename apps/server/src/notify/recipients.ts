import { ORG_ROLES, type OrgAction, orgCan, parseOrgRole } from "@bulwark/access";
import {
  type EmailMode,
  type NotificationPrefs,
  NotificationPrefsRepository,
  notificationSeverity,
  type ServerDb,
} from "@bulwark/db";

/** What every notification pass needs besides the database. */
export interface NotifyOptions {
  readonly now: () => Date;
  /**
   * Whether e-mail is configured (`BULWARK_SMTP_URL`). Without it nothing is queued for e-mail:
   * every item's mode is `none`, and the inbox still gets everything.
   */
  readonly email: boolean;
  /** `BULWARK_PUBLIC_URL`, which makes links in e-mail absolute; without it e-mail carries no links. */
  readonly publicUrl?: string;
}

/**
 * Organisation token accounts (`<role>-tokens@<org>.bulwark.invalid`, see routes/tokens.ts) are
 * members nobody signs in as, with addresses that cannot receive mail: they get nothing.
 */
const TOKEN_ACCOUNT_EMAILS = "%.bulwark.invalid";

/** A member of an organisation who gets its notifications. */
export interface Recipient {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly orgId: string;
  readonly prefs: NotificationPrefs;
}

/**
 * The enabled members of the organisations, with their preferences: every role (viewer and up),
 * or only those whose role may `action` (the owners and admins for `manage-tokens`). Disabled
 * users get nothing: they cannot sign in to read it, and e-mail to them would leak past the lock;
 * nor do organisation token accounts.
 */
export async function orgRecipients(
  db: ServerDb["kysely"],
  orgIds: readonly string[],
  opts: { action?: OrgAction } = {},
): Promise<Map<string, Recipient[]>> {
  const out = new Map<string, Recipient[]>();
  if (orgIds.length === 0) return out;
  const rows = [];
  // Chunked: the bound-parameter limits of both dialects are far above what one pass needs.
  const unique = [...new Set(orgIds)];
  for (let i = 0; i < unique.length; i += 1000) {
    rows.push(
      ...(await db
        .selectFrom("memberships as m")
        .innerJoin("users as u", "u.id", "m.user_id")
        .select(["m.org_id", "m.role", "u.id", "u.email", "u.display_name"])
        .where("m.org_id", "in", unique.slice(i, i + 1000))
        .where("u.disabled_at", "is", null)
        .where("u.email", "not like", TOKEN_ACCOUNT_EMAILS)
        .where("m.role", "in", [...ORG_ROLES])
        .orderBy("m.org_id")
        .orderBy("u.email")
        .execute()),
    );
  }
  const members = rows.filter((r) => {
    const role = parseOrgRole(r.role);
    return role !== undefined && (opts.action === undefined || orgCan(role, opts.action));
  });
  const prefs = await new NotificationPrefsRepository(db).getMany(members.map((r) => r.id));
  for (const r of members) {
    const list = out.get(r.org_id) ?? [];
    list.push({
      userId: r.id,
      email: r.email,
      displayName: r.display_name,
      orgId: r.org_id,
      prefs: prefs.get(r.id) as NotificationPrefs,
    });
    out.set(r.org_id, list);
  }
  return out;
}

/** How an item of this severity goes out to this user: their preference, or none without e-mail. */
export function emailModeFor(prefs: NotificationPrefs, severity: string | null | undefined, email: boolean): EmailMode {
  if (!email) return "none";
  const mode = prefs[notificationSeverity(severity)];
  return mode === "off" ? "none" : mode;
}

/** `path` on the public URL, or undefined when none is configured (e-mail then carries no links). */
export function publicLink(publicUrl: string | undefined, path: string | undefined): string | undefined {
  return publicUrl === undefined || path === undefined ? undefined : `${publicUrl}${path}`;
}

/** Where an inbox item leads in the console, worked out from the API path the server stored with it. */
export interface ItemTarget {
  readonly to: string;
  readonly label: string;
  /** The organisation to choose first (webhook settings show the chosen organisation's webhooks). */
  readonly orgId?: string;
}

/**
 * The console page for an item's `link` (`/api/v1/alerts/{id}` → `/alerts/{id}`), or undefined when
 * the console has no page for it (bulletins are read through the API and e-mail for now).
 */
export function targetOf(link: string | undefined): ItemTarget | undefined {
  if (link === undefined) return undefined;
  const alert = /^\/api\/v1\/alerts\/([^/?#]+)$/.exec(link);
  if (alert?.[1] !== undefined) return { to: `/alerts/${alert[1]}`, label: "Open the alert" };
  const hooks = /^\/api\/v1\/orgs\/([^/?#]+)\/webhooks$/.exec(link);
  if (hooks?.[1] !== undefined) {
    return { to: "/settings#webhooks", label: "Open the webhook settings", orgId: decodeURIComponent(hooks[1]) };
  }
  return undefined;
}

const KINDS: Readonly<Record<string, string>> = {
  "alert.opened": "New alert",
  "alert.reopened": "Alert reopened",
  "alert.closed": "Alert closed",
  "alert.remediated": "Alert remediated",
  "webhook.disabled": "Webhook disabled",
  bulletin: "Remediation bulletin",
};

/** An item's kind in words. */
export function kindLabel(kind: string): string {
  return KINDS[kind] ?? kind;
}

const EMAIL: Readonly<Record<string, string>> = {
  immediate: "e-mailed at once",
  digest: "in the daily digest",
  none: "not e-mailed",
};

/** How the item was or will be e-mailed, in words. */
export function emailLabel(mode: string, emailedAt: string | undefined): string {
  if (mode === "digest" && emailedAt !== undefined) return "sent in a daily digest";
  return EMAIL[mode] ?? mode;
}

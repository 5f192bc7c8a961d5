import { severityRank } from "./alert-content.ts";
import { publicLink } from "./recipients.ts";

/** One notification as an e-mail lists it (an inbox item, with what e-mail adds). */
export interface EmailEntry {
  readonly kind: string;
  readonly severity?: string;
  readonly title: string;
  readonly body: string;
  /** A server path (`/api/v1/alerts/…`), made absolute with the public URL. */
  readonly link?: string;
  /** `CVE-… (high) on billing-server`: how a subject line names it. */
  readonly shortName?: string;
  readonly orgName?: string;
}

/** Subject, plain text and HTML of one e-mail. */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A digest lists this many entries; the rest are counted and left to the inbox. */
export const DIGEST_MAX_ENTRIES = 100;

const SUBJECT_NAMES_LENGTH = 120;

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Most severe first, then as given (the order things happened). */
function bySeverity(entries: readonly EmailEntry[]): EmailEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => severityRank(a.e.severity) - severityRank(b.e.severity) || a.i - b.i)
    .map(({ e }) => e);
}

/** Names joined until the subject would get long, then `…`. */
function names(entries: readonly EmailEntry[]): string {
  let out = "";
  // One alert reopened and closed in one pass is named once.
  for (const name of new Set(entries.map((e) => e.shortName ?? e.title))) {
    const next = out === "" ? name : `${out}, ${name}`;
    if (out !== "" && next.length > SUBJECT_NAMES_LENGTH) return `${out}…`;
    out = next;
  }
  return out;
}

/** `3 new alerts, 1 remediated` (or `New alert` for a single new one). */
function headline(entries: readonly EmailEntry[]): string {
  const count = (kind: string) => entries.filter((e) => e.kind === kind).length;
  const opened = count("alert.opened");
  if (entries.length === 1) {
    const only = entries[0]?.kind;
    if (only === "alert.opened") return "New alert";
    if (only?.startsWith("alert.")) return `Alert ${only.slice("alert.".length)}`;
    return "Notification";
  }
  const parts = [
    ...(opened > 0 ? [plural(opened, "new alert")] : []),
    ...(["reopened", "remediated", "closed"] as const).flatMap((what) => {
      const n = count(`alert.${what}`);
      return n > 0 ? [`${n} ${what}`] : [];
    }),
  ];
  const others = entries.length - entries.filter((e) => e.kind.startsWith("alert.")).length;
  if (others > 0) parts.push(plural(others, "notice"));
  return parts.join(", ");
}

function entryText(e: EmailEntry, showOrg: boolean, publicUrl: string | undefined): string {
  const link = publicLink(publicUrl, e.link);
  const head = `${e.severity !== undefined ? `[${e.severity.toUpperCase()}] ` : ""}${showOrg && e.orgName ? `${e.orgName}: ` : ""}${e.title}`;
  const body = e.body
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  return `${head}\n${body}${link !== undefined ? `\n  ${link}` : ""}`;
}

function entryHtml(e: EmailEntry, showOrg: boolean, publicUrl: string | undefined): string {
  const link = publicLink(publicUrl, e.link);
  const title = escapeHtml(`${showOrg && e.orgName ? `${e.orgName}: ` : ""}${e.title}`);
  const severity = e.severity !== undefined ? `<strong>[${escapeHtml(e.severity.toUpperCase())}]</strong> ` : "";
  const titled = link !== undefined ? `<a href="${escapeHtml(link)}">${title}</a>` : title;
  const body = escapeHtml(e.body).replace(/\n/g, "<br>");
  return `<li><p>${severity}${titled}</p><p>${body}</p></li>`;
}

function footer(publicUrl: string | undefined): { text: string; html: string } {
  const inbox = publicLink(publicUrl, "/api/v1/inbox");
  const text = [
    "--",
    inbox !== undefined ? `Your inbox: ${inbox}` : "Everything is also in your Bulwark inbox.",
    "Which severities are e-mailed at once, in the daily digest or not at all is up to you:",
    "GET/PUT /api/v1/me/notification-settings.",
  ].join("\n");
  const html = `<hr><p style="color:#555;font-size:small">${
    inbox !== undefined
      ? `Your inbox: <a href="${escapeHtml(inbox)}">${escapeHtml(inbox)}</a>`
      : "Everything is also in your Bulwark inbox."
  }<br>Which severities are e-mailed at once, in the daily digest or not at all is up to you: GET/PUT /api/v1/me/notification-settings.</p>`;
  return { text, html };
}

function compose(
  subject: string,
  greeting: string,
  intro: string,
  entries: readonly EmailEntry[],
  more: number,
  publicUrl: string | undefined,
): EmailContent {
  const showOrg = new Set(entries.map((e) => e.orgName)).size > 1;
  const end = footer(publicUrl);
  const moreText = more > 0 ? `\n\n…and ${more} more in your inbox.` : "";
  const text = `${greeting}\n\n${intro}\n\n${entries.map((e) => entryText(e, showOrg, publicUrl)).join("\n\n")}${moreText}\n\n${end.text}\n`;
  const html = [
    "<!doctype html><html><body>",
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    `<ul>${entries.map((e) => entryHtml(e, showOrg, publicUrl)).join("")}</ul>`,
    more > 0 ? `<p>…and ${more} more in your inbox.</p>` : "",
    end.html,
    "</body></html>",
  ].join("");
  // A line break in a name (an asset called "a\nBcc: …") must not reach the header.
  return { subject: subject.replace(/[\r\n]+/g, " "), text, html };
}

/**
 * The e-mail of one notifier pass to one user: every notification with an immediate mode, most
 * severe first, in one message (a hundred alerts opening at once are one e-mail, not a hundred).
 * Subject: `[Bulwark] 3 new alerts: CVE-… (high) on billing-server, …`.
 */
export function immediateEmail(
  recipient: { displayName: string },
  entries: readonly EmailEntry[],
  opts: { publicUrl?: string } = {},
): EmailContent {
  const sorted = bySeverity(entries);
  const head = headline(sorted);
  return compose(
    `[Bulwark] ${head}: ${names(sorted)}`,
    `Hello ${recipient.displayName},`,
    `${head}:`,
    sorted,
    0,
    opts.publicUrl,
  );
}

/**
 * The daily digest of one user: their digest-mode notifications since the last one, most severe
 * first (at most {@link DIGEST_MAX_ENTRIES}, the rest counted). Subject:
 * `[Bulwark] Daily digest, 2026-12-03: 5 notifications (2 medium, 3 low)`.
 */
export function digestEmail(
  recipient: { displayName: string },
  entries: readonly EmailEntry[],
  opts: { publicUrl?: string; date: string },
): EmailContent {
  const sorted = bySeverity(entries);
  const counts = new Map<string, number>();
  for (const e of sorted) counts.set(e.severity ?? "other", (counts.get(e.severity ?? "other") ?? 0) + 1);
  const breakdown = [...counts].map(([severity, n]) => `${n} ${severity}`).join(", ");
  const total = plural(sorted.length, "notification");
  return compose(
    `[Bulwark] Daily digest, ${opts.date}: ${total} (${breakdown})`,
    `Hello ${recipient.displayName},`,
    `Your daily digest: ${total} since the last one.`,
    sorted.slice(0, DIGEST_MAX_ENTRIES),
    Math.max(sorted.length - DIGEST_MAX_ENTRIES, 0),
    opts.publicUrl,
  );
}

/** A single notice (a webhook was disabled): subject `[Bulwark] <its title>`. */
export function noticeEmail(
  recipient: { displayName: string },
  entry: EmailEntry,
  opts: { publicUrl?: string } = {},
): EmailContent {
  return compose(
    `[Bulwark] ${entry.title}`,
    `Hello ${recipient.displayName},`,
    entry.title,
    [entry],
    0,
    opts.publicUrl,
  );
}

import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { readOsvZip } from "@bulwark/advisories";
import type { OsvRecord } from "@bulwark/core";
import { AssetRepository, OrganisationRepository, type ServerDb, UserRepository } from "@bulwark/db";
import { SMTPServer, type SMTPServerError } from "smtp-server";

// Test support for the notifier: organisations with members, alerts built from real advisories
// (fixtures/osv/PyPI/all.zip) inserted as the monitor writes them, and a real SMTP server.

const FIXTURES = resolve(import.meta.dirname, "../../../../fixtures");

let pypi: Map<string, OsvRecord> | undefined;

/** A real PyPI advisory from the fixtures, by id (PYSEC-…). */
export function pypiAdvisory(id: string): OsvRecord {
  pypi ??= new Map(
    readOsvZip(readFileSync(resolve(FIXTURES, "osv/PyPI/all.zip")), "PyPI/all.zip").records.map((r) => [
      r.id,
      r.record,
    ]),
  );
  const record = pypi.get(id);
  if (record === undefined) throw new Error(`no ${id} in fixtures/osv/PyPI/all.zip`);
  return record;
}

/** An organisation and its members by e-mail (their user ids). */
export async function seedOrg(
  db: ServerDb,
  name: string,
  members: readonly { email: string; role: string; displayName?: string; disabled?: boolean }[],
  now: Date,
): Promise<{ orgId: string; users: Record<string, string> }> {
  const org = await new OrganisationRepository(db.kysely).create({ name, kind: "operator" }, now);
  const users = new UserRepository(db.kysely);
  const ids: Record<string, string> = {};
  for (const m of members) {
    const user =
      (await users.byEmail(m.email)) ??
      (await users.create({ email: m.email, ...(m.displayName !== undefined && { displayName: m.displayName }) }, now));
    await users.setMembership(user.id, org.id, m.role, now);
    if (m.disabled === true) {
      await db.kysely.updateTable("users").set({ disabled_at: now.toISOString() }).where("id", "=", user.id).execute();
    }
    ids[m.email] = user.id;
  }
  return { orgId: org.id, users: ids };
}

/** What a seeded alert is: a real advisory found in a version of its package on an asset. */
export interface SeedAlert {
  readonly orgId: string;
  readonly asset: string;
  /** PYSEC id in fixtures/osv/PyPI/all.zip. */
  readonly advisory: string;
  readonly version: string;
  readonly severity: "critical" | "high" | "medium" | "low" | "unknown";
  readonly kev?: boolean;
}

/**
 * Insert an alert and its `open` event as the monitor writes them (the asset is made when the
 * organisation has none of that name). The group key is the advisory's CVE alias.
 */
export async function seedAlert(db: ServerDb, a: SeedAlert, now: Date): Promise<string> {
  const record = pypiAdvisory(a.advisory);
  const affected = record.affected?.[0];
  const name = affected?.package?.name as string;
  const assets = new AssetRepository(db.kysely);
  const asset =
    (await assets.byName(a.orgId, a.asset)) ??
    (await assets.create({ orgId: a.orgId, name: a.asset, kind: "server", criticality: "high", exposed: true }, now));
  const aliases = record.aliases ?? [];
  const vulnId = aliases.find((x) => x.startsWith("CVE-")) ?? record.id;
  const fixed = (affected?.ranges ?? [])
    .filter((r) => r.type === "ECOSYSTEM")
    .flatMap((r) => r.events.flatMap((e) => ("fixed" in e && typeof e.fixed === "string" ? [e.fixed] : [])));
  const summary = record.summary ?? record.details?.split(/(?<=\.)\s/)[0];
  const id = `alert-${a.advisory}-${asset.id.slice(0, 8)}`;
  const at = now.toISOString();
  await db.kysely
    .insertInto("alerts")
    .values({
      id,
      org_id: a.orgId,
      asset_id: asset.id,
      ecosystem: "PyPI",
      package_name: name,
      normalized_name: name.toLowerCase(),
      version: a.version,
      purl: `pkg:pypi/${name.toLowerCase()}@${a.version}`,
      vuln_id: vulnId,
      advisory_ids: JSON.stringify([record.id, ...aliases.filter((x) => x.startsWith("GHSA-"))]),
      aliases: JSON.stringify(aliases),
      summary: summary ?? null,
      severity: a.severity,
      severity_score: null,
      severity_vector: record.severity?.[0]?.score ?? null,
      kev: a.kev === true ? JSON.stringify({ cve: vulnId, dateAdded: "2024-03-01", dueDate: "2024-03-22" }) : null,
      epss: null,
      ssvc: null,
      ssvc_decision: null,
      timeline: null,
      priority: 1,
      fixed_versions: JSON.stringify(fixed),
      first_detected_at: at,
      clock_start: at.slice(0, 10),
      due_at: null,
      status: "open",
      status_reason: null,
      justification: null,
      risk_expires_at: null,
      resolved_at: null,
      evidence_inventory_id: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await alertEvent(db, id, { to: "open", details: { vulnId, severity: a.severity, assetId: asset.id } }, now);
  return id;
}

/** Record a status change of an alert (and set its status), as the monitor or a user does. */
export async function alertEvent(
  db: ServerDb,
  alertId: string,
  e: { from?: string; to: string; actor?: string; note?: string; reason?: string; details?: Record<string, unknown> },
  now: Date,
): Promise<void> {
  const alert = await db.kysely
    .selectFrom("alerts")
    .select("org_id")
    .where("id", "=", alertId)
    .executeTakeFirstOrThrow();
  await db.kysely
    .updateTable("alerts")
    .set({ status: e.to, status_reason: e.reason ?? null, updated_at: now.toISOString() })
    .where("id", "=", alertId)
    .execute();
  await db.kysely
    .insertInto("alert_events")
    .values({
      alert_id: alertId,
      org_id: alert.org_id,
      at: now.toISOString(),
      actor: e.actor ?? null,
      from_status: e.from ?? null,
      to_status: e.to,
      note: e.note ?? e.reason ?? null,
      details: e.details === undefined ? null : JSON.stringify(e.details),
    })
    .execute();
}

/** A message as the SMTP server received it, with the parts tests look at decoded. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** The message exactly as sent. */
  readonly raw: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A real SMTP server on a free loopback port, keeping what arrives. */
export interface TestSmtpServer {
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Answer RCPT TO for an address with this reply code (a 4xx or 5xx) instead of accepting it. */
  refuse(address: string, code: number | undefined): void;
  close(): Promise<void>;
}

/** Start an SMTP server (no TLS, no AUTH) and collect every message with its raw text. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = refusals.get(address.address.toLowerCase());
      if (code === undefined) return callback();
      const err: SMTPServerError = new Error(`mailbox ${address.address} refused`);
      err.responseCode = code;
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({
          from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMail(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse(address, code) {
      if (code === undefined) refusals.delete(address.toLowerCase());
      else refusals.set(address.toLowerCase(), code);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// Just enough MIME to read what nodemailer writes: folded headers, RFC 2047 encoded words,
// multipart/alternative, quoted-printable and base64 bodies.

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const input = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < input.length; i++) {
    const hex = input.slice(i + 1, i + 3);
    if (input[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(input[i] as string, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const cut = raw.indexOf("\r\n\r\n");
  const head = cut < 0 ? raw : raw.slice(0, cut);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: cut < 0 ? "" : raw.slice(cut + 4) };
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  return body;
}

function parseMail(raw: string): Pick<ReceivedMail, "headers" | "subject" | "text" | "html"> {
  const { headers, body } = splitHeaders(raw);
  const parts: { type: string; content: string }[] = [];
  const walk = (h: Map<string, string>, b: string) => {
    const type = h.get("content-type") ?? "text/plain";
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith("multipart/") && boundary !== undefined) {
      for (const section of b.split(`--${boundary}`).slice(1)) {
        if (section.startsWith("--")) break;
        const inner = splitHeaders(section.replace(/^\r\n/, ""));
        walk(inner.headers, inner.body);
      }
    } else parts.push({ type: type.toLowerCase(), content: decodeBody(h, b) });
  };
  walk(headers, body);
  return {
    headers,
    subject: decodeWords(headers.get("subject") ?? ""),
    text: parts.find((p) => p.type.startsWith("text/plain"))?.content ?? "",
    html: parts.find((p) => p.type.startsWith("text/html"))?.content ?? "",
  };
}

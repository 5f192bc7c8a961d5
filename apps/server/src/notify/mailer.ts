import { createTransport } from "nodemailer";
import type { ServerConfig } from "../config.ts";

/** One e-mail as queued in the outbox (`kind = 'email'`, `target_id` = the recipient's user id). */
export interface EmailPayload {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `alerts` (immediate), `digest` or `notice` (a disabled webhook). */
  readonly kind: "alerts" | "digest" | "notice";
  /** The inbox items it reports. */
  readonly itemIds: readonly string[];
}

/** Why a send failed, and whether retrying the same message could help. */
export class MailError extends Error {
  /** The server refused the message or its recipient for good (an SMTP 5xx reply to them). */
  readonly permanent: boolean;

  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = "MailError";
    this.permanent = permanent;
  }
}

/** Sends e-mail; the delivery pass is its only user. */
export interface Mailer {
  /** The From address (`BULWARK_MAIL_FROM`). */
  readonly from: string;
  /** Hand one message to the SMTP server; throws {@link MailError}. */
  send(message: Pick<EmailPayload, "to" | "subject" | "text" | "html">): Promise<void>;
  /** Close idle connections. */
  close(): void;
}

/** What went wrong, without the SMTP URL (it may hold a password). */
function describe(e: unknown): MailError {
  const err = e as {
    message?: string;
    code?: string;
    responseCode?: number;
    response?: string;
    permanent?: boolean;
  };
  // Only refusals of this message or its recipient are final; a refused login or a full queue
  // (also 5xx or 4xx) is the server's state, which the operator can fix, so those are retried.
  const permanent = err.permanent === true && (err.code === "EENVELOPE" || err.code === "EMESSAGE");
  const reply = err.response ?? (err.responseCode === undefined ? undefined : String(err.responseCode));
  const what = reply !== undefined ? `SMTP ${reply}` : (err.message ?? String(e));
  return new MailError(`${err.code ? `${err.code}: ` : ""}${what}`.slice(0, 500), permanent);
}

/**
 * A mailer on nodemailer's SMTP transport, from `BULWARK_SMTP_URL` (`smtp://` with STARTTLS when
 * the server offers it, `smtps://` for TLS from the start; credentials and nodemailer options in
 * the URL). Undefined when no SMTP server is configured: callers then queue no e-mail.
 */
export function createMailer(config: Pick<ServerConfig, "smtpUrl" | "mailFrom">): Mailer | undefined {
  if (config.smtpUrl === undefined) return undefined;
  // The URL's own settings win; these apply where it says nothing. A send must end well within
  // the outbox lease, or a second worker could take the message while this one still waits.
  const transport = createTransport({
    url: config.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    from: config.mailFrom,
    async send(message) {
      try {
        await transport.sendMail({
          from: config.mailFrom,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          // Automatic mail: vacation responders and mailing lists should not answer it (RFC 3834).
          headers: { "Auto-Submitted": "auto-generated" },
        });
      } catch (e) {
        throw describe(e);
      }
    },
    close() {
      transport.close();
    },
  };
}

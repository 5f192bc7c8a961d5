// Notifications: what the server's background loop and jobs call (docs/notifications.md).

export type { AlertNotice } from "./alert-content.ts";
export { ALERT_NOTICES } from "./alert-content.ts";
export type { EmailDeliveryOptions, EmailDeliveryReport } from "./deliver-emails.ts";
export { deliverDueEmails } from "./deliver-emails.ts";
export type { WebhookDeliveryOptions, WebhookDeliveryReport } from "./deliver-webhooks.ts";
export { DEFAULT_DISABLE_AFTER, deliverDueWebhooks } from "./deliver-webhooks.ts";
export type { DigestReport } from "./digests.ts";
export { NOTIFY_DIGEST_CRON, NOTIFY_DIGEST_JOB, sendDigests } from "./digests.ts";
export type { EmailPayload, Mailer } from "./mailer.ts";
export { createMailer, MailError } from "./mailer.ts";
export type { AlertNotifyOptions, AlertNotifyReport } from "./notify-alerts.ts";
export { NOTIFY_CURSOR, notifyAlertEvents } from "./notify-alerts.ts";
export type { NotifyOptions } from "./recipients.ts";
export { noticeWebhookDisabled } from "./webhook-notice.ts";

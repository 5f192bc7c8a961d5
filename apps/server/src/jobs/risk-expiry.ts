import { AlertRepository, type ServerDb } from "@bulwark/db";

/** The name of the job that reopens alerts whose risk acceptance has expired. */
export const RISK_EXPIRY_JOB = "alerts.risk-expiry";

/** Hourly, at minute 7 (UTC): an acceptance expires on a date, so an hour late is on time enough. */
export const RISK_EXPIRY_CRON = "7 * * * *";

/**
 * Reopen every alert whose risk acceptance expired before today (UTC): an accepted risk is
 * accepted until a date, after which the alert is the operator's again — reopened with the reason
 * in its history, which the notifier then reports. Alerts of assets nobody touches are reopened
 * too; the monitor alone would only see them on the next upload or advisory change. Idempotent.
 */
export async function reopenExpiredRisks(db: ServerDb, now: Date): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  return db.kysely.transaction().execute(async (trx) => {
    const alerts = new AlertRepository(trx);
    const expired = await alerts.riskAcceptedBefore(today);
    for (const alert of expired) {
      await alerts.setBySystem(alert, "open", now, { reason: `risk acceptance expired on ${alert.riskExpiresAt}` });
    }
    return expired.length;
  });
}

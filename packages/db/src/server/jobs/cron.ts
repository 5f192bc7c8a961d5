import { BulwarkError } from "@bulwark/core";
import cronParser from "cron-parser";

// cron-parser (the library pg-boss itself uses) does the parsing. It also accepts 6-field
// (seconds) and shortened expressions; both queues take exactly the 5 classic fields, so that a
// schedule means the same on SQLite and on PostgreSQL and never fires more than once a minute.

/** Throw `BULWARK_CONFIG_INVALID` unless `expr` is a valid 5-field cron expression. */
export function assertCron(expr: string): void {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new BulwarkError(
      "BULWARK_CONFIG_INVALID",
      `cron expression "${expr}" must have 5 fields (minute hour day-of-month month day-of-week)`,
    );
  }
  try {
    cronParser.parseExpression(expr, { tz: "UTC" });
  } catch (e) {
    throw new BulwarkError("BULWARK_CONFIG_INVALID", `cron expression "${expr}" is invalid: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** The latest tick of `expr` at or before `now`, in UTC. */
export function latestTick(expr: string, now: Date): Date {
  // prev() is strictly before its start, so start 1 ms later to include a tick at `now` itself.
  const it = cronParser.parseExpression(expr, { tz: "UTC", currentDate: new Date(now.getTime() + 1) });
  return it.prev().toDate();
}

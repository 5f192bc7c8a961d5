// Calendar arithmetic on ISO dates (YYYY-MM-DD) in UTC, so results never depend on the local time zone.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function toUtcMs(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (match === null) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  // Rejects dates Date.UTC would roll over, such as 2025-02-30.
  return new Date(ms).toISOString().startsWith(date) ? ms : undefined;
}

/** `date` plus `days` calendar days, or undefined when `date` is not a valid ISO date. */
export function addDays(date: string, days: number): string | undefined {
  const ms = toUtcMs(date);
  return ms === undefined ? undefined : new Date(ms + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, or undefined when either is not a valid ISO date. */
export function daysBetween(from: string, to: string): number | undefined {
  const a = toUtcMs(from);
  const b = toUtcMs(to);
  return a === undefined || b === undefined ? undefined : Math.round((b - a) / DAY_MS);
}

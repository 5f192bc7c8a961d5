/** A date (YYYY-MM-DD or ISO timestamp) as people read it: "2 Dec 2026". */
export function formatDate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** A timestamp with its time of day, in UTC so every reader sees the same. */
export function formatDateTime(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${d.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC`;
}

/** A probability (EPSS) as a percentage with one decimal. */
export function formatPercent(value: number | null | undefined): string {
  return typeof value === "number" ? `${(value * 100).toFixed(1)}%` : "—";
}

/** "open" → "Open", "in-progress" → "In progress", "not-affected" → "Not affected". */
export function humanise(value: string): string {
  const words = value.replace(/[-_]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Whitespace (newlines included) collapsed to single spaces, trimmed: for one-line SARIF messages. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/** At most `max` characters (code points), ending in `…` when cut; GitHub rejects longer descriptions. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}

/** Text safe inside one Markdown table cell: no line breaks, pipes escaped. */
export function cell(text: string): string {
  return oneLine(text).replace(/\\/gu, "\\\\").replace(/\|/gu, "\\|");
}

/** `a, b and c`. */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

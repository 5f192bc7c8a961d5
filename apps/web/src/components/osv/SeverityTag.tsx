import { Tag } from "@trussworks/react-uswds";
import { humanise } from "../format.ts";

// White text on each of these is at least 4.5:1 (USWDS red-80, red-60v, orange-70v, blue-70v, gray-60).
const BACKGROUND: Readonly<Record<string, string>> = {
  critical: "#5c1111",
  high: "#b50909",
  medium: "#8c4a00",
  low: "#1a4480",
};
const OTHER = "#565c65";

/**
 * A severity level (critical, high, medium, low, unknown) as a USWDS tag that says its level in
 * words, with the score when there is one; the colour only repeats what the text says.
 */
export function SeverityTag({ level, score }: { readonly level: string; readonly score?: number | undefined }) {
  const key = level.toLowerCase();
  return (
    <Tag background={BACKGROUND[key] ?? OTHER} className="console-tag">
      {humanise(key)}
      {score !== undefined && ` ${score.toFixed(1)}`}
    </Tag>
  );
}

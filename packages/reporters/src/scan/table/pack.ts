import { displayWidth, wrap } from "../shared/human-text.ts";

/** A piece of a line and how to style it once laid out. */
export interface Part {
  readonly text: string;
  readonly paint?: (text: string) => string;
}

const paintOf = (part: Part) => part.paint ?? ((text: string) => text);

/**
 * Parts packed left to right into lines of at most `width` columns, separated by `sep`; a part too
 * long for a line of its own is word-wrapped (and broken inside words if it must). Each line
 * starts with `indent`, which counts towards the width.
 */
export function packParts(parts: readonly Part[], width: number, indent = "", sep = "  "): string[] {
  const room = Math.max(1, width - indent.length);
  const lines: string[] = [];
  let plain = "";
  let painted = "";
  const flush = () => {
    if (plain !== "") lines.push(indent + painted);
    plain = "";
    painted = "";
  };
  for (const part of parts.filter((p) => p.text !== "")) {
    const candidate = plain === "" ? part.text : plain + sep + part.text;
    if (displayWidth(candidate) <= room) {
      painted = plain === "" ? paintOf(part)(part.text) : painted + sep + paintOf(part)(part.text);
      plain = candidate;
      continue;
    }
    flush();
    const pieces = wrap(part.text, room);
    for (const piece of pieces.slice(0, -1)) lines.push(indent + paintOf(part)(piece));
    const last = pieces[pieces.length - 1] ?? "";
    plain = last;
    painted = paintOf(part)(last);
  }
  flush();
  return lines;
}

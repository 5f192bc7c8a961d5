// Plain-text helpers for the human scan reports: advisory text comes from third parties, so it is
// cleaned before it reaches a terminal, and widths are counted in terminal columns, not code units.

// C0/C1 controls (an ESC in a summary could drive the terminal) and bidirectional overrides
// (they can make a line read differently from what it says).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Third-party text made safe for one line of output: controls and bidi overrides become spaces, whitespace collapses. */
export function cleanText(text: string): string {
  if (CLEAN_ONE_LINE.test(text)) return text;
  return text.replace(UNSAFE, " ").replace(/\s+/g, " ").trim();
}

// Already clean: printable ASCII words separated by single spaces (most advisory text; a report
// cleans hundreds of thousands of labels, so the common case skips both replaces).
const CLEAN_ONE_LINE = /^(?:[\x21-\x7e]+ )*[\x21-\x7e]+$/;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f)
  );
}

// East Asian wide and fullwidth blocks and emoji take two terminal columns.
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (isZeroWidth(cp)) return 0;
  return isWide(cp) ? 2 : 1;
}

/** Terminal columns taken by text without escape sequences. */
export function displayWidth(text: string): number {
  // Most advisory text is printable ASCII: one column per character, no per-character work.
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/** The text cut to at most `width` columns, ending in `…` when something was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return "";
  if (PRINTABLE_ASCII.test(text)) return `${text.slice(0, width - 1)}…`;
  let out = "";
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** The text padded with spaces to `width` columns (never cut). */
export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

function hardBreak(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = "";
  let used = 0;
  for (const ch of word) {
    const w = charWidth(ch);
    if (used + w > width && piece !== "") {
      pieces.push(piece);
      piece = "";
      used = 0;
    }
    piece += ch;
    used += w;
  }
  if (piece !== "") pieces.push(piece);
  return pieces;
}

/** Word-wrapped lines of at most `width` columns; words longer than a line are broken. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ").filter((w) => w !== "")) {
    for (const piece of displayWidth(word) > width ? hardBreak(word, width) : [word]) {
      const candidate = line === "" ? piece : `${line} ${piece}`;
      if (displayWidth(candidate) <= width) {
        line = candidate;
      } else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line !== "" || lines.length === 0) lines.push(line);
  return lines;
}

/** One requirement-file line after joining `\` continuations and dropping comments. */
export interface LogicalLine {
  readonly text: string;
  /** 1-based line where the logical line starts. */
  readonly line: number;
}

// pip strips a comment when `#` starts the line or follows whitespace (so URL fragments survive).
const COMMENT = /(^|\s+)#.*$/;

/** Split requirements-file text the way pip does: join `\`-continued lines, then strip comments. */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const physical = text.split(/\r?\n/);
  let buffer = "";
  let start = 0;
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i] ?? "";
    if (buffer === "") start = i + 1;
    if (raw.endsWith("\\") && !COMMENT.test(raw)) {
      buffer += `${raw.slice(0, -1)} `;
      continue;
    }
    const joined = (buffer + raw).replace(COMMENT, "").trim();
    buffer = "";
    if (joined !== "") out.push({ text: joined, line: start });
  }
  const rest = buffer.replace(COMMENT, "").trim();
  if (rest !== "") out.push({ text: rest, line: start });
  return out;
}

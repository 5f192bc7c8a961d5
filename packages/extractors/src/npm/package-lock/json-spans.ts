/**
 * A minimal scanner over JSON text that finds the spans of object members without building
 * them, so a 20 MB lockfile is never held as one object graph: each `packages` entry is
 * parsed on its own and dropped. It trusts nothing: any surprise returns `undefined`, and the
 * caller falls back to `JSON.parse` of the whole text for an exact error message.
 */

/** One member of an object: its key, the span of its value, the lines of its key and of its value's start. */
export interface MemberSpan {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly valueLine: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

class Cursor {
  pos: number;
  line: number;
  constructor(
    readonly text: string,
    pos: number,
    line: number,
  ) {
    this.pos = pos;
    this.line = line;
  }

  skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === NEWLINE) this.line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      this.pos++;
    }
  }

  /** Position just after the string starting at `pos` (a quote), or -1. Raw newlines are invalid JSON. */
  stringEnd(pos: number): number {
    const t = this.text;
    let q = t.indexOf('"', pos + 1);
    while (q > 0) {
      let slashes = 0;
      while (t.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
      if (slashes % 2 === 0) return q + 1;
      q = t.indexOf('"', q + 1);
    }
    return -1;
  }

  /** Skip one value; false on malformed input. */
  skipValue(): boolean {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === QUOTE) {
      const end = this.stringEnd(this.pos);
      if (end < 0) return false;
      this.pos = end;
      return true;
    }
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
      // A number, true, false or null: up to the next delimiter.
      let i = this.pos;
      for (;;) {
        const d = t.charCodeAt(i);
        if (
          d === COMMA ||
          d === CLOSE_BRACE ||
          d === CLOSE_BRACKET ||
          d === 32 ||
          d === NEWLINE ||
          d === 13 ||
          d === 9 ||
          Number.isNaN(d)
        )
          break;
        i++;
      }
      if (i === this.pos) return false;
      this.pos = i;
      return true;
    }
    let depth = 0;
    let i = this.pos;
    const n = t.length;
    while (i < n) {
      const d = t.charCodeAt(i);
      if (d === QUOTE) {
        const end = this.stringEnd(i);
        if (end < 0) return false;
        i = end;
        continue;
      }
      if (d === NEWLINE) this.line++;
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) {
          this.pos = i + 1;
          return true;
        }
      }
      i++;
    }
    return false;
  }
}

/**
 * The members of the object whose `{` is at `start` (on line `line`), or of the top-level
 * object when `start` is omitted; `undefined` when the text is not well-formed there.
 */
export function objectMembers(text: string, start?: number, line = 1): MemberSpan[] | undefined {
  const cur = new Cursor(text, start ?? 0, line);
  cur.skipSpace();
  if (text.charCodeAt(cur.pos) !== OPEN_BRACE) return undefined;
  cur.pos++;
  const members: MemberSpan[] = [];
  cur.skipSpace();
  if (text.charCodeAt(cur.pos) === CLOSE_BRACE) return members;
  for (;;) {
    cur.skipSpace();
    if (text.charCodeAt(cur.pos) !== QUOTE) return undefined;
    const keyEnd = cur.stringEnd(cur.pos);
    if (keyEnd < 0) return undefined;
    const rawKey = text.slice(cur.pos + 1, keyEnd - 1);
    let key = rawKey;
    if (rawKey.includes("\\")) {
      try {
        key = JSON.parse(text.slice(cur.pos, keyEnd)) as string;
      } catch {
        return undefined;
      }
    }
    const keyLine = cur.line;
    cur.pos = keyEnd;
    cur.skipSpace();
    if (text.charCodeAt(cur.pos) !== COLON) return undefined;
    cur.pos++;
    cur.skipSpace();
    const valueStart = cur.pos;
    const valueLine = cur.line;
    if (!cur.skipValue()) return undefined;
    members.push({ key, start: valueStart, end: cur.pos, line: keyLine, valueLine });
    cur.skipSpace();
    const c = text.charCodeAt(cur.pos);
    cur.pos++;
    if (c === CLOSE_BRACE) return members;
    if (c !== COMMA) return undefined;
  }
}

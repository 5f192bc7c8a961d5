// Paragraphs of a dpkg status file (deb822 control syntax): `Field: value` lines, continuation
// lines starting with a space or tab, paragraphs separated by blank lines.

/** One paragraph: field values by lower-cased name (field names are case-insensitive) and each field's 1-based line. */
export interface Stanza {
  readonly fields: ReadonlyMap<string, string>;
  readonly lines: ReadonlyMap<string, number>;
  /** Line of the paragraph's first field. */
  readonly line: number;
  /** First line that is neither a field nor a continuation, if any. */
  readonly badLine?: number;
}

interface Building {
  fields: Map<string, string>;
  lines: Map<string, number>;
  line: number;
  badLine?: number;
  last?: string;
}

/** Split control-syntax text into paragraphs. Never throws; a stray line is reported on its paragraph. */
export function parseStanzas(text: string): Stanza[] {
  const out: Stanza[] = [];
  let cur: Building | undefined;
  const flush = () => {
    if (cur !== undefined) out.push(cur);
    cur = undefined;
  };
  const rows = text.split("\n");
  for (let i = 0; i < rows.length; i++) {
    const row = (rows[i] as string).replace(/\r$/, "");
    const lineNo = i + 1;
    if (row.trim() === "") {
      flush();
      continue;
    }
    cur ??= { fields: new Map(), lines: new Map(), line: lineNo };
    if (row.startsWith(" ") || row.startsWith("\t")) {
      // Continuation of a multi-line field (Description, Conffiles); only its first line matters here.
      if (cur.last === undefined) cur.badLine ??= lineNo;
      continue;
    }
    const colon = row.indexOf(":");
    if (colon <= 0) {
      cur.badLine ??= lineNo;
      cur.last = undefined;
      continue;
    }
    const name = row.slice(0, colon).toLowerCase();
    cur.fields.set(name, row.slice(colon + 1).trim());
    cur.lines.set(name, lineNo);
    cur.last = name;
  }
  flush();
  return out;
}

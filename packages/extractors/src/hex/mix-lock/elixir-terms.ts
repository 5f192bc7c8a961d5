// A reader for the small subset of Elixir term syntax that mix.lock uses: maps, tuples, lists,
// strings, atoms, keyword pairs, numbers and bare words. It builds data and never evaluates.

/** An Elixir atom (`:hex`, `:"quoted"`). */
export interface Atom {
  readonly atom: string;
}

/** A keyword-list pair (`hex: :jason`). */
export interface Keyword {
  readonly keyword: string;
  readonly value: Term;
}

/** A tuple (`{:hex, :jason, "1.4.0", …}`). */
export interface Tuple {
  readonly tuple: readonly Term[];
}

/** One map entry with the offset of its key, for line numbers. */
export interface MapEntry {
  readonly key: Term;
  readonly value: Term;
  readonly offset: number;
}

/** A map (`%{…}`), entries in file order. */
export interface TermMap {
  readonly entries: readonly MapEntry[];
}

/** Any term the reader produces; bare words (`true`, `nil`) and numbers stay as their text in `word`. */
export type Term = string | Atom | Keyword | Tuple | TermMap | readonly Term[] | { readonly word: string };

/** A syntax error at a character offset. */
export class TermSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 64;
const WORD = /[A-Za-z0-9_.+\-?!@]/;
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", e: "\x1b" };

class Reader {
  #at = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  get offset(): number {
    return this.#at;
  }

  fail(message: string): never {
    throw new TermSyntaxError(message, this.#at);
  }

  skipSpace(): void {
    const t = this.#text;
    while (this.#at < t.length) {
      const c = t[this.#at];
      if (c === "#") {
        const eol = t.indexOf("\n", this.#at);
        this.#at = eol < 0 ? t.length : eol;
      } else if (c === " " || c === "\n" || c === "\r" || c === "\t" || c === ",") {
        // Commas separate elements; treating them as space keeps the grammar small and tolerant.
        this.#at++;
      } else return;
    }
  }

  peek(s: string): boolean {
    return this.#text.startsWith(s, this.#at);
  }

  atEnd(): boolean {
    return this.#at >= this.#text.length;
  }

  take(s: string): void {
    if (!this.peek(s)) this.fail(`expected ${s}`);
    this.#at += s.length;
  }

  string(): string {
    const t = this.#text;
    this.take('"');
    let out = "";
    while (this.#at < t.length) {
      const c = t[this.#at++];
      if (c === '"') return out;
      if (c === "\\") {
        const e = t[this.#at++] ?? "";
        out += ESCAPES[e] ?? e;
      } else out += c;
    }
    return this.fail("unterminated string");
  }

  word(): string {
    const t = this.#text;
    const start = this.#at;
    while (this.#at < t.length && WORD.test(t[this.#at] ?? "")) this.#at++;
    if (this.#at === start) this.fail(`unexpected character ${JSON.stringify(t[this.#at])}`);
    return t.slice(start, this.#at);
  }

  /** After a string or word: `: ` makes it a keyword key (`"jason": …`, `hex: …`). */
  keywordColon(): boolean {
    const t = this.#text;
    if (t[this.#at] === ":" && /\s/.test(t[this.#at + 1] ?? "")) {
      this.#at++;
      return true;
    }
    return false;
  }
}

function readSequence(r: Reader, close: string, depth: number): Term[] {
  const items: Term[] = [];
  for (;;) {
    r.skipSpace();
    if (r.peek(close)) {
      r.take(close);
      return items;
    }
    if (r.atEnd()) r.fail(`missing ${close}`);
    items.push(readTerm(r, depth + 1));
  }
}

function readMap(r: Reader, depth: number): TermMap {
  const entries: MapEntry[] = [];
  for (;;) {
    r.skipSpace();
    if (r.peek("}")) {
      r.take("}");
      return { entries };
    }
    if (r.atEnd()) r.fail("missing }");
    const offset = r.offset;
    const key = readTerm(r, depth + 1);
    if (typeof key === "object" && "keyword" in key) {
      entries.push({ key: key.keyword, value: key.value, offset });
      continue;
    }
    r.skipSpace();
    r.take("=>");
    r.skipSpace();
    entries.push({ key, value: readTerm(r, depth + 1), offset });
  }
}

function readTerm(r: Reader, depth: number): Term {
  if (depth > MAX_DEPTH) r.fail("terms nested too deeply");
  r.skipSpace();
  if (r.peek("%{")) {
    r.take("%{");
    return readMap(r, depth);
  }
  if (r.peek("{")) {
    r.take("{");
    return { tuple: readSequence(r, "}", depth) };
  }
  if (r.peek("[")) {
    r.take("[");
    return readSequence(r, "]", depth);
  }
  if (r.peek(":")) {
    r.take(":");
    return { atom: r.peek('"') ? r.string() : r.word() };
  }
  if (r.peek('"')) {
    const s = r.string();
    return r.keywordColon() ? { keyword: s, value: readTerm(r, depth + 1) } : s;
  }
  const w = r.word();
  return r.keywordColon() ? { keyword: w, value: readTerm(r, depth + 1) } : { word: w };
}

/** Read one Elixir term (the whole text); throws {@link TermSyntaxError} on bad syntax. */
export function readElixirTerm(text: string): Term {
  const r = new Reader(text);
  const term = readTerm(r, 0);
  r.skipSpace();
  if (!r.atEnd()) r.fail("unexpected text after the term");
  return term;
}

/** The text of an atom term, or undefined. */
export function atomName(t: Term | undefined): string | undefined {
  return t !== undefined && typeof t === "object" && "atom" in t ? t.atom : undefined;
}

/** Whether a term is a map. */
export function isTermMap(t: Term): t is TermMap {
  return typeof t === "object" && !Array.isArray(t) && "entries" in t;
}

/** The elements of a tuple term, or undefined. */
export function tupleItems(t: Term): readonly Term[] | undefined {
  return typeof t === "object" && "tuple" in t ? t.tuple : undefined;
}

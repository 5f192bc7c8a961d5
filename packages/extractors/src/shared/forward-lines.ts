/**
 * Line numbers for keys of a JSON document that the parser does not keep positions for.
 * Keys are looked up in document order, so the search only ever moves forward and the
 * whole file is scanned once, however many keys there are.
 */
export class ForwardLineFinder {
  readonly #text: string;
  #pos: number;
  #line: number;

  constructor(text: string, start = 0) {
    this.#text = text;
    this.#pos = 0;
    this.#line = 1;
    this.#advanceTo(Math.max(0, start));
  }

  /** The line of the next occurrence of `needle` after the previous hit, or undefined (order broken). */
  find(needle: string): number | undefined {
    const at = this.#text.indexOf(needle, this.#pos === 0 ? 0 : this.#pos + 1);
    if (at < 0) return undefined;
    this.#advanceTo(at);
    return this.#line;
  }

  #advanceTo(at: number): void {
    const text = this.#text;
    let nl = text.indexOf("\n", this.#pos);
    while (nl >= 0 && nl < at) {
      this.#line++;
      nl = text.indexOf("\n", nl + 1);
    }
    this.#pos = at;
  }
}

/**
 * Finds 1-based line numbers of offsets in a text without splitting it: the
 * line-start table is built once, lookups are a binary search.
 */
export class LineIndex {
  readonly #starts: number[];

  constructor(text: string) {
    const starts = [0];
    let i = text.indexOf("\n");
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf("\n", i + 1);
    }
    this.#starts = starts;
  }

  /** The 1-based line holding character offset `offset`. */
  lineOf(offset: number): number {
    const s = this.#starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((s[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/**
 * The 1-based line of the first occurrence of `needle` at or after `from`, or undefined.
 * For formats whose parser keeps no positions (JSON): search the raw text for the key.
 */
export function lineOfFirst(text: string, index: LineIndex, needle: string, from = 0): number | undefined {
  const at = text.indexOf(needle, from);
  return at < 0 ? undefined : index.lineOf(at);
}

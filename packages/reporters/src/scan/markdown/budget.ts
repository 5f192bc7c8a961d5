/**
 * GitHub rejects comments longer than 65,536 characters. Counting UTF-8 bytes is never less than
 * counting characters, so staying under the limit in bytes, with room left for the truncation
 * notes, is safe whichever way GitHub counts.
 */
export const COMMENT_LIMIT_BYTES = 65_536;
const RESERVE_BYTES = 2_048;

/** What is left of the comment size, spent as rows are added. */
export class CommentBudget {
  private left: number;

  constructor(fixedText: string) {
    this.left = COMMENT_LIMIT_BYTES - RESERVE_BYTES - Buffer.byteLength(fixedText, "utf8");
  }

  /** The rows that fit, in order, stopping at the first one that does not. */
  take(rows: readonly string[]): { kept: string[]; omitted: number } {
    const kept: string[] = [];
    for (const row of rows) {
      const size = Buffer.byteLength(row, "utf8") + 1;
      if (size > this.left) break;
      this.left -= size;
      kept.push(row);
    }
    return { kept, omitted: rows.length - kept.length };
  }
}

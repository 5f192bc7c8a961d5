// Sizes of multi-row statements. One statement per few hundred rows is what makes a whole-corpus
// import take seconds (a round trip per row would take minutes on PostgreSQL), while staying far
// below the bind-parameter limits: 32,766 per statement in SQLite, 65,535 in PostgreSQL.

/** Bind parameters one multi-row statement may use, on either dialect. */
export const MAX_BIND_PARAMS = 8_000;

/** Most rows in one multi-row INSERT, however narrow the table. */
export const MAX_ROWS_PER_INSERT = 1_000;

/** Ids in one `IN (…)` list. */
export const IN_LIST_SIZE = 1_000;

/** Rows per INSERT for a table of `columns` columns. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_BIND_PARAMS / columns)));
}

/** `items` cut into consecutive slices of at most `size`. */
export function* chunked<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

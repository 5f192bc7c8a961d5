import type { ReactNode } from "react";

/** A heading level the OSV components accept: the page decides where they sit in its outline. */
export type Level = 2 | 3 | 4 | 5 | 6;

/** A heading of the given level, so a component keeps the page's headings in order wherever it is placed. */
export function Heading({
  level,
  id,
  children,
}: {
  readonly level: Level;
  readonly id?: string;
  readonly children: ReactNode;
}) {
  const Tag = `h${level}` as const;
  return <Tag id={id}>{children}</Tag>;
}

/** The level below `level`, never deeper than h6. */
export function below(level: Level): Level {
  return Math.min(level + 1, 6) as Level;
}

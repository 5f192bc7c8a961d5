import type { ReactNode } from "react";
import { TableRegion } from "../../components/TableRegion.tsx";

/**
 * A chart people can read every way: a figure with a caption, the drawing named by a one-sentence
 * summary (role="img"), and the same numbers as a table behind "Show data as a table".
 */
export function ChartFigure({
  caption,
  summary,
  columns,
  rows,
  children,
}: {
  readonly caption: string;
  /** The chart's numbers in one sentence, for screen readers. */
  readonly summary: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  readonly children: ReactNode;
}) {
  return (
    <figure className="console-figure">
      <figcaption className="text-bold">{caption}</figcaption>
      <div className="console-chart" role="img" aria-label={summary}>
        {children}
      </div>
      <details className="console-details">
        <summary>Show data as a table</summary>
        <TableRegion label={`${caption}: data`}>
          <table className="usa-table usa-table--compact usa-table--borderless">
            <caption>{caption}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: two assets may share a name; rows are positional
                <tr key={r}>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      <th key="label" scope="row">
                        {cell}
                      </th>
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the cells of a row are positional
                      <td key={i}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      </details>
    </figure>
  );
}

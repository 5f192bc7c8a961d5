import { Table } from "@trussworks/react-uswds";
import type { ReactNode } from "react";
import { TableRegion } from "../../components/TableRegion.tsx";

/** The numbers behind a chart: column headings and one row per category (the first cell names it). */
export interface ChartData {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly [string, ...(string | number)[]])[];
}

/**
 * A chart as a figure: the caption, the drawing as one image with `summary` as its accessible
 * name (the drawing itself is not read out), and the same numbers as a table behind "Show the
 * data as a table" for screen-reader and keyboard users and for anyone who wants exact values.
 */
export function ChartFigure({
  caption,
  summary,
  data,
  children,
}: {
  readonly caption: string;
  /** Words that say what the chart shows, for its `aria-label`. */
  readonly summary: string;
  readonly data: ChartData;
  /** The recharts chart (with accessibilityLayer off: the image is not interactive). */
  readonly children: ReactNode;
}) {
  return (
    <figure className="margin-x-0 margin-bottom-4">
      <figcaption className="text-bold margin-bottom-1">{caption}</figcaption>
      <div className="console-chart-box" role="img" aria-label={summary}>
        {children}
      </div>
      <details className="console-details">
        <summary>Show the data as a table</summary>
        <TableRegion label={`${caption}: data`}>
          <Table caption={caption} bordered={false} compact fullWidth>
            <thead>
              <tr>
                {data.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map(([name, ...values]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  {values.map((v, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells follow the fixed columns
                    <td key={i}>{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        </TableRegion>
      </details>
    </figure>
  );
}

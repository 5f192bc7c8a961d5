import { Table } from "@trussworks/react-uswds";
import { TableRegion } from "../TableRegion.tsx";
import type { OsvSeverity } from "./osv.ts";

const TYPE_NAMES: Readonly<Record<string, string>> = {
  CVSS_V2: "CVSS v2",
  CVSS_V3: "CVSS v3",
  CVSS_V4: "CVSS v4",
  Ubuntu: "Ubuntu priority",
};

/** An OSV record's severity entries as a table: the scoring system and its vector or value. */
export function SeverityVectors({
  severity,
  caption,
}: {
  readonly severity: readonly OsvSeverity[];
  readonly caption: string;
}) {
  return (
    <TableRegion label={caption}>
      <Table caption={caption} bordered={false} compact fullWidth>
        <thead>
          <tr>
            <th scope="col">System</th>
            <th scope="col">Vector or value</th>
          </tr>
        </thead>
        <tbody>
          {severity.map((s) => (
            <tr key={`${s.type} ${s.score}`}>
              <td>{TYPE_NAMES[s.type] ?? s.type}</td>
              <td>
                <code className="console-code console-break">{s.score}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableRegion>
  );
}

import type { Schemas } from "@bulwark/api-contract";
import { Table } from "@trussworks/react-uswds";
import { Link } from "react-router";
import { DecisionTag, DueDate, SeverityTag, StatusTag } from "../../components/AlertTags.tsx";
import { ssvcOf } from "../../components/alert-facts.ts";
import { TableRegion } from "../../components/TableRegion.tsx";

/**
 * Alerts as a table: the vulnerability id links to the alert; asset, package@version, SSVC decision
 * and due date (with an Overdue tag) in every variant, severity and status where asked for.
 */
export function AlertsTable({
  alerts,
  caption,
  showAsset = true,
  showStatus = false,
  showSeverity = false,
}: {
  readonly alerts: readonly Schemas["Alert"][];
  readonly caption: string;
  readonly showAsset?: boolean;
  readonly showStatus?: boolean;
  readonly showSeverity?: boolean;
}) {
  return (
    <TableRegion label={caption}>
      <Table caption={caption} fullWidth striped>
        <thead>
          <tr>
            <th scope="col">Vulnerability</th>
            {showAsset && <th scope="col">Asset</th>}
            <th scope="col">Package</th>
            {showSeverity && <th scope="col">Severity</th>}
            <th scope="col">SSVC decision</th>
            {showStatus && <th scope="col">Status</th>}
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/alerts/${encodeURIComponent(a.id)}`} className="text-bold">
                  {a.vulnerability.id}
                </Link>
                {a.vulnerability.summary !== undefined && (
                  <div className="font-body-2xs console-summary">{a.vulnerability.summary}</div>
                )}
              </td>
              {showAsset && (
                <td>
                  <Link to={`/assets/${encodeURIComponent(a.asset.id)}`}>{a.asset.name}</Link>
                </td>
              )}
              <td className="console-code">
                {a.package.name}@{a.package.version}
              </td>
              {showSeverity && (
                <td>
                  <SeverityTag level={a.severity.level} score={a.severity.score} />
                </td>
              )}
              <td>
                <DecisionTag decision={ssvcOf(a)?.decision} />
              </td>
              {showStatus && (
                <td>
                  <StatusTag status={a.status} />
                </td>
              )}
              <td>
                <DueDate dueAt={a.dueAt} overdue={a.overdue} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableRegion>
  );
}

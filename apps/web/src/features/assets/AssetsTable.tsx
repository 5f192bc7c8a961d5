import type { Schemas } from "@bulwark/api-contract";
import { Table, Tag } from "@trussworks/react-uswds";
import { Link } from "react-router";
import { formatDate } from "../../components/format.ts";
import { TableRegion } from "../../components/TableRegion.tsx";
import { ASSET_KINDS, CRITICALITIES } from "./asset-words.ts";

/** Assets as a table: name (a link), kind, environment, criticality, exposure, inventory size, alert counts, last upload. */
export function AssetsTable({
  assets,
  caption,
}: {
  readonly assets: readonly Schemas["Asset"][];
  readonly caption: string;
}) {
  return (
    <TableRegion label={caption}>
      <Table caption={caption} fullWidth striped>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Environment</th>
            <th scope="col">Criticality</th>
            <th scope="col">Internet exposed</th>
            <th scope="col">Components</th>
            <th scope="col">Active alerts</th>
            <th scope="col">Overdue</th>
            <th scope="col">Last upload</th>
          </tr>
        </thead>
        <tbody>
          {assets.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/assets/${encodeURIComponent(a.id)}`} className="text-bold">
                  {a.name}
                </Link>
                {a.tags.length > 0 && <div className="font-body-2xs">Tags: {a.tags.join(", ")}</div>}
              </td>
              <td>{ASSET_KINDS[a.kind] ?? a.kind}</td>
              <td>{a.environment ?? "—"}</td>
              <td>{CRITICALITIES[a.criticality] ?? a.criticality}</td>
              <td>{a.exposed ? <Tag background="#8c471c">Exposed</Tag> : "No"}</td>
              <td>{a.currentInventory?.componentCount ?? "No inventory"}</td>
              <td>{a.alerts?.active ?? 0}</td>
              <td>
                {(a.alerts?.overdue ?? 0) > 0 ? (
                  <Tag background="#b50909" className="console-nowrap">
                    {a.alerts?.overdue} overdue
                  </Tag>
                ) : (
                  0
                )}
              </td>
              <td>{a.currentInventory === undefined ? "Never" : formatDate(a.currentInventory.uploadedAt)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableRegion>
  );
}

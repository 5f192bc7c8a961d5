import type { Schemas } from "@bulwark/api-contract";
import { Table } from "@trussworks/react-uswds";
import { TableRegion } from "../../components/TableRegion.tsx";
import { sectorName } from "./SectorCharts.tsx";

type Stats = Schemas["SectorStats"];

function median(value: number | null): string {
  return value === null ? "—" : `${value} d`;
}

/**
 * One row per sector and a total row: operators and assets affected, acknowledged, remediated and
 * overdue, alerts and overdue alerts, and the median days to remediate.
 */
export function SectorTable({ sectors, total }: { readonly sectors: readonly Stats[]; readonly total: Stats }) {
  const caption = "Operators, assets and alerts per sector";
  return (
    <TableRegion label={caption}>
      <Table caption={caption} fullWidth striped>
        <thead>
          <tr>
            <th scope="col">Sector</th>
            <th scope="col">Operators affected</th>
            <th scope="col">Operators acknowledged</th>
            <th scope="col">Operators remediated</th>
            <th scope="col">Operators overdue</th>
            <th scope="col">Assets affected</th>
            <th scope="col">Assets acknowledged</th>
            <th scope="col">Assets remediated</th>
            <th scope="col">Assets overdue</th>
            <th scope="col">Alerts</th>
            <th scope="col">Alerts overdue</th>
            <th scope="col">Median days to remediate</th>
          </tr>
        </thead>
        <tbody>
          {sectors.map((s) => (
            <Row key={s.sector} name={sectorName(s.sector)} s={s} />
          ))}
        </tbody>
        <tfoot>
          <Row name="All sectors" s={total} />
        </tfoot>
      </Table>
    </TableRegion>
  );
}

function Row({ name, s }: { readonly name: string; readonly s: Stats }) {
  return (
    <tr>
      <td className="text-bold">{name}</td>
      <td>{s.operators.affected}</td>
      <td>{s.operators.acknowledged}</td>
      <td>{s.operators.remediated}</td>
      <td>{s.operators.overdue}</td>
      <td>{s.assets.affected}</td>
      <td>{s.assets.acknowledged}</td>
      <td>{s.assets.remediated}</td>
      <td>{s.assets.overdue}</td>
      <td>{s.alerts.total}</td>
      <td>{s.alerts.overdue}</td>
      <td>{median(s.medianDaysToRemediate)}</td>
    </tr>
  );
}

/** Per sector, how the vulnerability's bulletin was received: delivered, viewed, acknowledged, applied. */
export function BulletinTable({ sectors, total }: { readonly sectors: readonly Stats[]; readonly total: Stats }) {
  const caption = "Bulletin deliveries per sector, by current status";
  const rows = [...sectors.map((s) => [sectorName(s.sector), s] as const), ["All sectors", total] as const];
  return (
    <TableRegion label={caption}>
      <Table caption={caption} fullWidth striped>
        <thead>
          <tr>
            <th scope="col">Sector</th>
            <th scope="col">Delivered</th>
            <th scope="col">Viewed</th>
            <th scope="col">Acknowledged</th>
            <th scope="col">Applied</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, s]) => (
            <tr key={name}>
              <td className="text-bold">{name}</td>
              <td>{s.bulletin?.delivered ?? 0}</td>
              <td>{s.bulletin?.viewed ?? 0}</td>
              <td>{s.bulletin?.acknowledged ?? 0}</td>
              <td>{s.bulletin?.applied ?? 0}</td>
              <td>{s.bulletin?.total ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableRegion>
  );
}

import type { Schemas } from "@bulwark/api-contract";
import { Link } from "react-router";
import { AlertsTable } from "../alerts/AlertsTable.tsx";

const SHOWN = 10;

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Active alerts by deadline: overdue, this week, this month, later, none. */
export function DueBuckets({
  alerts,
  today,
}: {
  readonly alerts: readonly Schemas["Alert"][];
  readonly today: string;
}) {
  const week = addDays(today, 7);
  const month = addDays(today, 30);
  const count = (test: (due: string | null) => boolean) => alerts.filter((a) => test(a.dueAt)).length;
  const rows: [string, number][] = [
    ["Overdue", alerts.filter((a) => a.overdue).length],
    ["Due within 7 days", count((d) => d !== null && d >= today && d <= week)],
    ["Due in 8 to 30 days", count((d) => d !== null && d > week && d <= month)],
    ["Due later", count((d) => d !== null && d > month)],
    ["No deadline", count((d) => d === null)],
  ];
  return (
    <table className="usa-table usa-table--borderless usa-table--compact">
      <caption>Active alerts by due date</caption>
      <thead>
        <tr>
          <th scope="col">Deadline</th>
          <th scope="col">Alerts</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, n]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The active alerts with the nearest deadlines (overdue first), each a link to act on it. */
export function UrgentAlerts({ alerts }: { readonly alerts: readonly Schemas["Alert"][] }) {
  if (alerts.length === 0) return <p>No active alerts: nothing the organisation runs is known to be vulnerable.</p>;
  return (
    <>
      <AlertsTable alerts={alerts.slice(0, SHOWN)} caption="Most urgent active alerts, nearest deadline first" />
      {alerts.length > SHOWN && (
        <p>
          <Link to="/alerts">All {alerts.length} active alerts</Link>
        </p>
      )}
    </>
  );
}

import type { Schemas } from "@bulwark/api-contract";
import { Link } from "react-router";

function Tile({ value, label, to }: { readonly value: number; readonly label: string; readonly to: string }) {
  return (
    <li className="console-stat">
      <strong>{value.toLocaleString("en-GB")}</strong>
      <Link to={to}>{label}</Link>
    </li>
  );
}

/** The three numbers an operator looks at first, each a link to the alerts behind it. */
export function StatTiles({ summary }: { readonly summary: Schemas["AlertSummary"] }) {
  return (
    <ul className="console-stats usa-list--unstyled" aria-label="Alert counts">
      <Tile value={summary.active} label="Active alerts" to="/alerts" />
      <Tile value={summary.overdue} label="Overdue" to="/alerts?overdue=true" />
      <Tile value={summary.dueWithin7Days} label="Due within 7 days" to="/alerts" />
    </ul>
  );
}

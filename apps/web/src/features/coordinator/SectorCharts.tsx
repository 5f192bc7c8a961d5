import type { Schemas } from "@bulwark/api-contract";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { humanise } from "../../components/format.ts";
import { ChartFigure } from "./ChartFigure.tsx";

type Stats = Schemas["SectorStats"];

// USWDS colours with at least 3:1 against white (and 4.5:1, so the legend's coloured text reads).
const RED = "#d83933";
const ORANGE = "#c05600";
const BLUE = "#005ea2";
const GREEN = "#008817";
const GOLD = "#936f38";
const INK = "#1b1b1b";

/** A sector's name as people read it. */
export function sectorName(sector: string): string {
  return humanise(sector);
}

/** Operators per sector: not yet acknowledged, acknowledged but not remediated, remediated (they add up). */
export function OperatorProgressChart({ sectors }: { readonly sectors: readonly Stats[] }) {
  const rows = sectors.map((s) => {
    const remediated = s.operators.remediated;
    const acknowledged = Math.max(0, s.operators.acknowledged - remediated);
    const waiting = Math.max(0, s.operators.affected - s.operators.acknowledged);
    return { name: sectorName(s.sector), waiting, acknowledged, remediated, overdue: s.operators.overdue };
  });
  const summary = `Operators per sector: ${rows
    .map((r) => `${r.name}: ${r.waiting} not acknowledged, ${r.acknowledged} acknowledged, ${r.remediated} remediated`)
    .join("; ")}.`;
  return (
    <ChartFigure
      caption="Operators per sector by progress"
      summary={summary}
      data={{
        columns: ["Sector", "Not acknowledged", "Acknowledged, not remediated", "Remediated", "Overdue"],
        rows: rows.map((r) => [r.name, r.waiting, r.acknowledged, r.remediated, r.overdue]),
      }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="waiting" name="Not acknowledged" stackId="ops" fill={RED} stroke="#ffffff" />
          <Bar dataKey="acknowledged" name="Acknowledged" stackId="ops" fill={GOLD} stroke="#ffffff" />
          <Bar dataKey="remediated" name="Remediated" stackId="ops" fill={GREEN} stroke="#ffffff" />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

const STATUSES = [
  { key: "open", label: "Open", colour: RED },
  { key: "acknowledged", label: "Acknowledged", colour: ORANGE },
  { key: "in-progress", label: "In progress", colour: BLUE },
  { key: "remediated", label: "Remediated", colour: GREEN },
  { key: "not-affected", label: "Not affected", colour: INK },
  { key: "risk-accepted", label: "Risk accepted", colour: GOLD },
] as const;

/** Alerts per sector by status (withdrawn alerts are not counted by the server). */
export function AlertStatusChart({ sectors }: { readonly sectors: readonly Stats[] }) {
  const rows = sectors.map((s) => ({ name: sectorName(s.sector), ...s.alerts }));
  const summary = `Alerts per sector by status: ${rows
    .map((r) => `${r.name}: ${STATUSES.map((st) => `${r[st.key]} ${st.label.toLowerCase()}`).join(", ")}`)
    .join("; ")}.`;
  return (
    <ChartFigure
      caption="Alerts per sector by status"
      summary={summary}
      data={{
        columns: ["Sector", ...STATUSES.map((s) => s.label), "Total", "Overdue"],
        rows: rows.map((r) => [r.name, ...STATUSES.map((s) => r[s.key]), r.total, r.overdue]),
      }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          {STATUSES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="alerts" fill={s.colour} stroke="#ffffff" />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Median days from detection to remediation per sector; sectors with nothing remediated have no bar. */
export function RemediationTimeChart({ sectors }: { readonly sectors: readonly Stats[] }) {
  const rows = sectors.map((s) => ({ name: sectorName(s.sector), median: s.medianDaysToRemediate }));
  const words = (m: number | null) => (m === null ? "nothing remediated yet" : `${m} days`);
  const summary = `Median days to remediate per sector: ${rows.map((r) => `${r.name}: ${words(r.median)}`).join("; ")}.`;
  return (
    <ChartFigure
      caption="Median days to remediate per sector"
      summary={summary}
      data={{
        columns: ["Sector", "Median days to remediate"],
        rows: rows.map((r) => [r.name, r.median === null ? "— (nothing remediated yet)" : r.median]),
      }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" />
          <YAxis unit=" d" />
          <Tooltip />
          <Bar dataKey="median" name="Median days to remediate" fill={BLUE} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

import type { Schemas } from "@bulwark/api-contract";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatDate, humanise } from "../../components/format.ts";
import { ChartFigure } from "./ChartFigure.tsx";

type Summary = Schemas["AlertSummary"];

// USWDS colours at ≥ 3:1 against white; lines also differ by dash so colour is not the only signal.
const BLUE = "#005ea2";
const GREEN = "#008817";
const INK = "#1b1b1b";
const RED = "#d83933";
const HEIGHT = 260;

const shortDate = (d: string) =>
  new Date(`${d}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** Alerts opened, resolved and active per day over the last 90 days. */
export function SeriesChart({ summary }: { readonly summary: Summary }) {
  const s = summary.series;
  const opened = s.reduce((n, d) => n + d.opened, 0);
  const resolved = s.reduce((n, d) => n + d.resolved, 0);
  const first = s[0];
  const last = s[s.length - 1];
  const text =
    first === undefined || last === undefined
      ? "No data."
      : `Line chart from ${formatDate(first.date)} to ${formatDate(last.date)}: ${opened} alerts opened, ${resolved} resolved; ${first.active} active at the start and ${last.active} at the end.`;
  return (
    <ChartFigure
      caption="Alerts over the last 90 days"
      summary={text}
      columns={["Day", "Opened", "Resolved", "Active at end of day"]}
      rows={s.map((d) => [formatDate(d.date), d.opened, d.resolved, d.active])}
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart data={[...s]} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#dfe1e2" />
          <XAxis dataKey="date" tickFormatter={shortDate} minTickGap={24} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip labelFormatter={(d) => formatDate(String(d))} />
          <Legend />
          <Line type="monotone" dataKey="active" name="Active" stroke={INK} strokeWidth={2} dot={false} />
          <Line type="monotone" dataKey="opened" name="Opened" stroke={BLUE} strokeDasharray="6 3" dot={false} />
          <Line type="monotone" dataKey="resolved" name="Resolved" stroke={GREEN} strokeDasharray="2 2" dot={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** One series of counts as bars, with its table and summary. */
function CountBars({
  caption,
  label,
  data,
}: {
  readonly caption: string;
  readonly label: string;
  readonly data: readonly { name: string; count: number }[];
}) {
  const text =
    data.length === 0
      ? `${caption}: none.`
      : `Bar chart, ${caption.toLowerCase()}: ${data.map((d) => `${d.name} ${d.count}`).join(", ")}.`;
  return (
    <ChartFigure
      caption={caption}
      summary={text}
      columns={[label, "Active alerts"]}
      rows={data.map((d) => [d.name, d.count])}
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={[...data]} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#dfe1e2" vertical={false} />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          <Bar dataKey="count" name="Active alerts" fill={BLUE} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

const SEVERITY_ORDER = ["critical", "high", "medium", "low", "unknown"];
const DECISION_ORDER = ["Act", "Attend", "Track*", "Track", "unknown"];

/** Active alerts by severity level, most severe first. */
export function SeverityChart({ summary }: { readonly summary: Summary }) {
  const data = SEVERITY_ORDER.map((level) => ({
    name: humanise(level),
    count: summary.bySeverity.find((b) => b.level === level)?.count ?? 0,
  }));
  return <CountBars caption="Active alerts by severity" label="Severity" data={data} />;
}

/** Active alerts by SSVC decision, most pressing first. */
export function DecisionChart({ summary }: { readonly summary: Summary }) {
  const data = DECISION_ORDER.map((decision) => ({
    name: decision === "unknown" ? "No decision" : decision,
    count: summary.byDecision.find((b) => b.decision === decision)?.count ?? 0,
  }));
  return <CountBars caption="Active alerts by SSVC decision" label="SSVC decision" data={data} />;
}

/** Active and overdue alerts of the assets with the most, at most twelve. */
export function AssetChart({ summary }: { readonly summary: Summary }) {
  const data = summary.byAsset.slice(0, 12).map((a) => ({ name: a.name, active: a.active, overdue: a.overdue }));
  const text =
    data.length === 0
      ? "No asset has active alerts."
      : `Bar chart of active alerts by asset: ${data.map((d) => `${d.name} ${d.active} active, ${d.overdue} overdue`).join("; ")}.`;
  return (
    <ChartFigure
      caption="Active alerts by asset"
      summary={text}
      columns={["Asset", "Active alerts", "Overdue"]}
      rows={data.map((d) => [d.name, d.active, d.overdue])}
    >
      <ResponsiveContainer width="100%" height={Math.max(160, 48 * data.length + 70)}>
        <BarChart
          data={data}
          layout="vertical"
          accessibilityLayer={false}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid stroke="#dfe1e2" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={130} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="active" name="Active" fill={BLUE} />
          <Bar dataKey="overdue" name="Overdue" fill={RED} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

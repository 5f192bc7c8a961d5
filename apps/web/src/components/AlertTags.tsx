import { Tag } from "@trussworks/react-uswds";
import { formatDate, humanise } from "./format.ts";

// Tag backgrounds: USWDS palette colours with white text at ≥ 4.5:1; the text always says the value.
const SEVERITY: Record<string, string> = {
  critical: "#5c1111",
  high: "#b50909",
  medium: "#8c471c",
  low: "#005ea2",
};
const DECISION: Record<string, string> = {
  Act: "#b50909",
  Attend: "#8c471c",
  "Track*": "#1a4480",
  Track: "#565c65",
};
const STATUS: Record<string, string> = {
  open: "#b50909",
  acknowledged: "#8c471c",
  "in-progress": "#1a4480",
  remediated: "#216e1f",
  "not-affected": "#3d4551",
  "risk-accepted": "#775540",
  closed: "#565c65",
};

/** A severity level ("critical", "high" …) as a tag, with the CVSS score when known. */
export function SeverityTag({ level, score }: { readonly level: string; readonly score?: number | undefined }) {
  return (
    <Tag background={SEVERITY[level] ?? "#565c65"} className="console-nowrap">
      {humanise(level)}
      {score !== undefined && ` ${score.toFixed(1)}`}
    </Tag>
  );
}

/** An SSVC decision (Act, Attend, Track*, Track) as a tag; "unknown" when the alert has none. */
export function DecisionTag({ decision }: { readonly decision: string | undefined }) {
  const d = decision ?? "unknown";
  return (
    <Tag background={DECISION[d] ?? "#565c65"} className="console-nowrap">
      {d === "unknown" ? "No decision" : d}
    </Tag>
  );
}

/** An alert status as a tag ("In progress", "Risk accepted" …). */
export function StatusTag({ status }: { readonly status: string }) {
  return <Tag background={STATUS[status] ?? "#565c65"}>{humanise(status)}</Tag>;
}

/** A due date, with an "Overdue" tag when the alert is past it. */
export function DueDate({ dueAt, overdue }: { readonly dueAt: string | null | undefined; readonly overdue?: boolean }) {
  if (dueAt === null || dueAt === undefined) return <span>No deadline</span>;
  return (
    <span className="console-nowrap">
      {formatDate(dueAt)}
      {overdue === true && (
        <>
          {" "}
          <Tag background="#b50909">Overdue</Tag>
        </>
      )}
    </span>
  );
}

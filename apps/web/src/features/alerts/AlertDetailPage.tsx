import { unwrap } from "@bulwark/api-contract";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../api.ts";
import { DecisionTag, DueDate, SeverityTag, StatusTag } from "../../components/AlertTags.tsx";
import { ssvcOf } from "../../components/alert-facts.ts";
import { formatDate, humanise } from "../../components/format.ts";
import { Page } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useCanWrite } from "../../components/useCanWrite.ts";
import { AdvisoryRecords } from "./AdvisoryRecords.tsx";
import { AlertActions } from "./AlertActions.tsx";
import { AffectedComponent, AlertFacts } from "./AlertFacts.tsx";
import { AlertHistory } from "./AlertHistory.tsx";
import { ALERTS_KEY } from "./alert-queries.ts";
import { RemediationBulletin } from "./RemediationBulletin.tsx";
import { VEX_JUSTIFICATIONS, type VexJustification } from "./vex.ts";

/**
 * One alert: its risk facts and deadline, the affected component, the advisory record, the
 * remediation bulletin with signed patch files, the status history, and the status changes.
 */
export function AlertDetailPage() {
  const id = useParams().id ?? "";
  const alert = useQuery({
    queryKey: [...ALERTS_KEY, "one", id],
    queryFn: () => unwrap(api.GET("/api/v1/alerts/{id}", { params: { path: { id } } })),
  });
  const canWrite = useCanWrite(alert.data?.orgId);
  const a = alert.data;
  return (
    <Page
      title={a === undefined ? "Alert" : `${a.vulnerability.id} on ${a.asset.name}`}
      lead={a?.vulnerability.summary}
      actions={<Link to="/alerts">All alerts</Link>}
    >
      <QueryState query={alert} label="the alert">
        {(a) => (
          <>
            <p className="console-tags">
              <StatusTag status={a.status} /> <SeverityTag level={a.severity.level} score={a.severity.score} />{" "}
              <DecisionTag decision={ssvcOf(a)?.decision} /> <span>Due: </span>
              <DueDate dueAt={a.dueAt} overdue={a.overdue} />
            </p>
            <p>
              <span className="console-code">
                {a.package.name}@{a.package.version}
              </span>{" "}
              ({a.package.ecosystem}) on asset{" "}
              <Link to={`/assets/${encodeURIComponent(a.asset.id)}`}>{a.asset.name}</Link>
              {a.vulnerability.aliases.length > 0 && <> · also known as {a.vulnerability.aliases.join(", ")}</>}
            </p>
            {a.statusReason !== undefined && <p>Status reason: {a.statusReason}</p>}
            {a.justification !== undefined && (
              <p>
                VEX justification:{" "}
                {VEX_JUSTIFICATIONS[a.justification as VexJustification] ?? humanise(a.justification)}
              </p>
            )}
            {a.riskExpiresAt !== undefined && <p>Risk accepted until {formatDate(a.riskExpiresAt)}.</p>}
            <AlertFacts alert={a} />
            <AffectedComponent alert={a} />
            {canWrite && a.status !== "closed" && <AlertActions alert={a} />}
            <RemediationBulletin alert={a} />
            <AdvisoryRecords vulnerability={a.vulnerability} />
            <AlertHistory orgId={a.orgId} history={a.history} />
          </>
        )}
      </QueryState>
    </Page>
  );
}

import { ApiError, unwrap } from "@bulwark/api-contract";
import { useQuery } from "@tanstack/react-query";
import { Alert, AlertHeading, AlertText, Button, Label, TextInput } from "@trussworks/react-uswds";
import { type FormEvent, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api.ts";
import { useSession } from "../../app/session.tsx";
import { formatDate } from "../../components/format.ts";
import { Page } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { AlertStatusChart, OperatorProgressChart, RemediationTimeChart } from "./SectorCharts.tsx";
import { BulletinTable, SectorTable } from "./SectorTable.tsx";

const TITLE = "Sectors";

async function loadReport(vuln: string) {
  return unwrap(api.GET("/api/v1/reports/sectors", { params: { query: vuln === "" ? {} : { vuln } } }));
}

type Report = Awaited<ReturnType<typeof loadReport>>;

/**
 * The coordinator's view per critical-infrastructure sector, of every alert or of one
 * vulnerability (`?vuln=` in the URL): who is affected, who acknowledged and remediated, who is
 * overdue, and how long remediation takes. Coordinators and platform admins only.
 */
export function SectorsPage() {
  const session = useSession();
  const allowed = session.hasPlatformRole("coordinator") || session.hasPlatformRole("admin");
  const [params, setParams] = useSearchParams();
  const vuln = (params.get("vuln") ?? "").trim();
  const query = useQuery({ queryKey: ["sectors", vuln], queryFn: () => loadReport(vuln), enabled: allowed });

  if (!allowed || (query.error instanceof ApiError && query.error.status === 403)) {
    return (
      <Page title={TITLE}>
        <NotAllowed />
      </Page>
    );
  }
  return (
    <Page
      title={TITLE}
      lead="How each critical-infrastructure sector is dealing with its alerts: operators and assets affected, acknowledged, remediated and overdue."
    >
      <VulnFilter vuln={vuln} onChange={(next) => setParams(next === "" ? {} : { vuln: next })} />
      <QueryState
        query={query}
        label="the sector report"
        isEmpty={(r) => r.total.alerts.total === 0}
        empty={
          <p role="status">
            {vuln === "" ? "No operator has alerts yet." : `No operator has an alert for ${vuln}.`} Alerts appear when
            an operator's inventory matches an advisory.
          </p>
        }
      >
        {(report) => <Report report={report} />}
      </QueryState>
    </Page>
  );
}

function NotAllowed() {
  return (
    <Alert type="info">
      <AlertHeading level="h2">The sector view is for coordinators</AlertHeading>
      <AlertText>
        It compares operators across organisations, so only users with the platform role coordinator or admin see it.
        Ask a platform administrator if you need it. Your own organisation's alerts are on the{" "}
        <Link to="/alerts" className="usa-link">
          Alerts
        </Link>{" "}
        page.
      </AlertText>
    </Alert>
  );
}

function VulnFilter({ vuln, onChange }: { readonly vuln: string; readonly onChange: (vuln: string) => void }) {
  const [draft, setDraft] = useState(vuln);
  useEffect(() => setDraft(vuln), [vuln]);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    onChange(draft.trim());
  }
  return (
    <form className="margin-bottom-3" onSubmit={submit}>
      <Label htmlFor="sector-vuln" className="margin-top-0">
        Vulnerability (optional)
      </Label>
      <span id="sector-vuln-hint" className="usa-hint">
        An advisory id or alias as alerts carry it, e.g. CVE-2021-44228. Leave empty to see every alert.
      </span>
      <div className="console-form-row">
        <TextInput
          id="sector-vuln"
          name="vuln"
          type="text"
          value={draft}
          maxLength={200}
          aria-describedby="sector-vuln-hint"
          onChange={(e) => setDraft(e.target.value)}
          className="maxw-mobile-lg"
        />
        <Button type="submit">Show</Button>
        {vuln !== "" && (
          <Button type="button" outline onClick={() => onChange("")}>
            Show every vulnerability
          </Button>
        )}
      </div>
    </form>
  );
}

function Report({ report }: { readonly report: Report }) {
  const t = report.total;
  // Every sector is listed in the table; charts of sectors without alerts would only be empty bars.
  const withAlerts = report.sectors.filter((s) => s.alerts.total > 0);
  return (
    <>
      <p role="status">
        {report.vulnId === undefined ? (
          "All alerts"
        ) : (
          <>
            Alerts for{" "}
            <Link to={`/advisories/${encodeURIComponent(report.vulnId)}`} className="usa-link">
              {report.vulnId}
            </Link>
            {report.bulletinId !== undefined && ", which has a remediation bulletin"}
          </>
        )}
        , as of {formatDate(report.today)}. Withdrawn alerts are not counted.
      </p>
      <div className="console-stats">
        <Stat value={t.operators.affected} label="operators affected" />
        <Stat value={t.operators.remediated} label="operators remediated" />
        <Stat value={t.operators.overdue} label="operators overdue" />
        <Stat value={t.assets.affected} label="assets affected" />
        <Stat value={t.alerts.overdue} label="alerts overdue" />
        <Stat
          value={t.medianDaysToRemediate === null ? "—" : t.medianDaysToRemediate}
          label="median days to remediate"
        />
      </div>

      <h2>Per sector</h2>
      <p>
        An operator or asset counts as acknowledged when none of its alerts is still open, remediated when every alert
        is remediated or not affected, and overdue when an alert is past its due date and not yet resolved.
      </p>
      <SectorTable sectors={report.sectors} total={t} />

      <h2>Charts</h2>
      <p>The charts show the sectors that have alerts.</p>
      <OperatorProgressChart sectors={withAlerts} />
      <AlertStatusChart sectors={withAlerts} />
      {withAlerts.some((s) => s.medianDaysToRemediate !== null) ? (
        <RemediationTimeChart sectors={withAlerts} />
      ) : (
        <p>No alert has been remediated yet, so there is no time to remediate to chart.</p>
      )}

      {t.bulletin !== undefined && (
        <>
          <h2>Bulletin</h2>
          <BulletinTable sectors={report.sectors} total={t} />
        </>
      )}
    </>
  );
}

function Stat({ value, label }: { readonly value: number | string; readonly label: string }) {
  return (
    <div className="console-stat">
      <strong>{value}</strong> {label}
    </div>
  );
}

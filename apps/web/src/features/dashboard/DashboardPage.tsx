import { unwrap } from "@bulwark/api-contract";
import { useQuery } from "@tanstack/react-query";
import { Alert, Grid } from "@trussworks/react-uswds";
import { api } from "../../api.ts";
import { useOrg } from "../../app/org.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Loading } from "../../components/Loading.tsx";
import { Page } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { ALERTS_KEY, loadActiveByDueDate } from "../alerts/alert-queries.ts";
import { FirstRun } from "../setup/FirstRun.tsx";
import { useDemoSeed, useSetupStatus } from "../setup/setup-queries.ts";
import { StatTiles } from "./StatTiles.tsx";
import { AssetChart, DecisionChart, SeriesChart, SeverityChart } from "./SummaryCharts.tsx";
import { DueBuckets, UrgentAlerts } from "./UrgentAlerts.tsx";

function Dashboard({ orgId }: { readonly orgId: string }) {
  const summary = useQuery({
    queryKey: [...ALERTS_KEY, "summary", orgId],
    queryFn: () => unwrap(api.GET("/api/v1/alerts/summary", { params: { query: { orgId } } })),
  });
  const urgent = useQuery({
    queryKey: [...ALERTS_KEY, "by-due-date", orgId],
    queryFn: () => loadActiveByDueDate(orgId),
  });
  return (
    <QueryState query={summary} label="the alert summary">
      {(s) => (
        <>
          <StatTiles summary={s} />
          <section aria-labelledby="urgent-heading">
            <h2 id="urgent-heading">Most urgent</h2>
            <QueryState query={urgent} label="the most urgent alerts">
              {(alerts) => <UrgentAlerts alerts={alerts} />}
            </QueryState>
          </section>
          <section aria-labelledby="open-heading">
            <h2 id="open-heading">Active alerts by decision and deadline</h2>
            <Grid row gap>
              <Grid tablet={{ col: 7 }}>
                <DecisionChart summary={s} />
              </Grid>
              <Grid tablet={{ col: 5 }}>
                {urgent.data !== undefined && <DueBuckets alerts={urgent.data} today={s.today} />}
              </Grid>
            </Grid>
          </section>
          <section aria-labelledby="charts-heading">
            <h2 id="charts-heading">Trends and breakdowns</h2>
            <SeriesChart summary={s} />
            <Grid row gap>
              <Grid tablet={{ col: 6 }}>
                <SeverityChart summary={s} />
              </Grid>
              <Grid tablet={{ col: 6 }}>
                <AssetChart summary={s} />
              </Grid>
            </Grid>
          </section>
        </>
      )}
    </QueryState>
  );
}

/**
 * The operator's dashboard for the chosen organisation: counts, the most urgent alerts and charts;
 * before there is anything to show, the first-run screen that loads the demo.
 */
export function DashboardPage() {
  const org = useOrg();
  const setup = useSetupStatus();
  const seed = useDemoSeed();
  const current = org.current;

  if (org.loading || setup.isPending) {
    return (
      <Page title="Dashboard">
        <Loading label="the dashboard" />
      </Page>
    );
  }
  // Without the setup status (an older server) an operator still gets the dashboard.
  const firstRun = current === undefined || (setup.data !== undefined && setup.data.assets === 0);
  if (firstRun) {
    return (
      <Page
        title="Welcome to Bulwark"
        lead="The clearinghouse that tells operators first when something they run becomes dangerous."
      >
        {setup.isError && <ErrorAlert error={setup.error} />}
        <FirstRun status={setup.data} hasOrganisation={current !== undefined} seed={seed} />
      </Page>
    );
  }
  return (
    <Page title="Dashboard" lead={`What needs attention at ${current.name}.`}>
      {seed.isSuccess && (
        <Alert type="success" slim role="status">
          The demo is loaded: {seed.data.assets.length} assets with {seed.data.assets.reduce((n, a) => n + a.alerts, 0)}{" "}
          alerts, matched against {seed.data.advisories} advisories.
        </Alert>
      )}
      <Dashboard orgId={current.id} />
    </Page>
  );
}

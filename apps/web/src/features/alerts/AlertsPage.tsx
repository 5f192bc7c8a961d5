import { Button } from "@trussworks/react-uswds";
import { useSearchParams } from "react-router";
import { useOrg } from "../../app/org.tsx";
import { Loading } from "../../components/Loading.tsx";
import { NoOrganisation } from "../../components/NoOrganisation.tsx";
import { Page } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useAssets } from "../assets/asset-queries.ts";
import { AlertFilters, type AlertFilterValues } from "./AlertFilters.tsx";
import { AlertsTable } from "./AlertsTable.tsx";
import { ACTIVE_FILTER, type AlertFilter, useAlertPages } from "./alert-queries.ts";

// In the URL, no status means the active ones (the usual view) and "all" means any status.
function readFilters(params: URLSearchParams): AlertFilterValues {
  const status = params.get("status");
  return {
    status: status === null ? ACTIVE_FILTER : status === "all" ? "" : status,
    overdue: params.get("overdue") === "true",
    assetId: params.get("assetId") ?? "",
    vuln: params.get("vuln") ?? "",
  };
}

function writeFilters(values: AlertFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  if (values.status !== ACTIVE_FILTER) params.set("status", values.status === "" ? "all" : values.status);
  if (values.overdue) params.set("overdue", "true");
  if (values.assetId !== "") params.set("assetId", values.assetId);
  if (values.vuln !== "") params.set("vuln", values.vuln);
  return params;
}

/** The organisation's alerts, most urgent first, filtered by status, asset, vulnerability and deadline. */
export function AlertsPage() {
  const org = useOrg();
  const [params, setParams] = useSearchParams();
  const values = readFilters(params);
  const orgId = org.current?.id;
  const filter: AlertFilter | undefined =
    orgId === undefined
      ? undefined
      : {
          orgId,
          status: values.status,
          overdue: values.overdue,
          assetId: values.assetId,
          vuln: values.vuln,
        };
  const assets = useAssets(orgId);
  const pages = useAlertPages(filter);

  if (org.loading) return <Loading label="your organisations" />;
  if (org.current === undefined) {
    return (
      <Page title="Alerts">
        <NoOrganisation />
      </Page>
    );
  }
  return (
    <Page
      title="Alerts"
      lead={`Vulnerabilities found in the assets of ${org.current.name}, most urgent first. Open one to act on it.`}
    >
      <AlertFilters
        values={values}
        assets={assets.data ?? []}
        onChange={(next) => setParams(writeFilters(next), { replace: true })}
      />
      <QueryState
        query={pages}
        label="alerts"
        isEmpty={(d) => d.pages[0]?.items.length === 0}
        empty={<p>No alert matches these filters.</p>}
      >
        {(data) => {
          const alerts = data.pages.flatMap((p) => p.items);
          return (
            <>
              <AlertsTable alerts={alerts} caption={`Alerts (${alerts.length} shown)`} showStatus showSeverity />
              {pages.hasNextPage && (
                <Button
                  type="button"
                  outline
                  disabled={pages.isFetchingNextPage}
                  onClick={() => void pages.fetchNextPage()}
                >
                  {pages.isFetchingNextPage ? "Loading more…" : "Show more"}
                </Button>
              )}
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}

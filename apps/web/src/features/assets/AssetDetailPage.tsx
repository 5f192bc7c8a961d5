import { Button, Grid } from "@trussworks/react-uswds";
import { Link, useParams } from "react-router";
import { Page } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useCanWrite } from "../../components/useCanWrite.ts";
import { AlertsTable } from "../alerts/AlertsTable.tsx";
import { ACTIVE_FILTER, useAlertPages } from "../alerts/alert-queries.ts";
import { AssetFacts, AssetProfileForm } from "./AssetProfile.tsx";
import { useAsset } from "./asset-queries.ts";
import { ComponentsList } from "./ComponentsList.tsx";
import { InventoryUpload } from "./InventoryUpload.tsx";
import { UploadHistory } from "./UploadHistory.tsx";

function ActiveAlerts({ orgId, assetId }: { readonly orgId: string; readonly assetId: string }) {
  const pages = useAlertPages({ orgId, assetId, status: ACTIVE_FILTER }, 20);
  return (
    <section aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Active alerts</h2>
      <QueryState
        query={pages}
        label="the asset's alerts"
        isEmpty={(d) => d.pages[0]?.items.length === 0}
        empty={<p>No active alert: nothing in the current inventory is known to be vulnerable.</p>}
      >
        {(data) => (
          <>
            <AlertsTable
              alerts={data.pages.flatMap((p) => p.items)}
              caption="Active alerts of this asset, most urgent first"
              showAsset={false}
              showSeverity
              showStatus
            />
            {pages.hasNextPage && (
              <Button
                type="button"
                outline
                disabled={pages.isFetchingNextPage}
                onClick={() => void pages.fetchNextPage()}
              >
                {pages.isFetchingNextPage ? "Loading more…" : "Show more alerts"}
              </Button>
            )}
          </>
        )}
      </QueryState>
      <p>
        <Link to={`/alerts?assetId=${encodeURIComponent(assetId)}&status=all`}>All alerts of this asset</Link>, resolved
        ones included.
      </p>
    </section>
  );
}

/** One asset: its facts and risk profile, inventory upload, active alerts, current inventory and upload history. */
export function AssetDetailPage() {
  const id = useParams().id ?? "";
  const asset = useAsset(id);
  const canWrite = useCanWrite(asset.data?.orgId);
  return (
    <Page title={asset.data?.name ?? "Asset"} actions={<Link to="/assets">All assets</Link>}>
      <QueryState query={asset} label="the asset">
        {(a) => (
          <>
            <section aria-labelledby="facts-heading">
              <h2 id="facts-heading">About this asset</h2>
              <Grid row gap>
                <Grid tablet={{ col: 6 }}>
                  <AssetFacts asset={a} />
                </Grid>
                {canWrite && (
                  <Grid tablet={{ col: 6 }}>
                    <AssetProfileForm asset={a} />
                  </Grid>
                )}
              </Grid>
            </section>
            {canWrite && <InventoryUpload assetId={a.id} />}
            <ActiveAlerts orgId={a.orgId} assetId={a.id} />
            <ComponentsList assetId={a.id} />
            <UploadHistory assetId={a.id} />
          </>
        )}
      </QueryState>
    </Page>
  );
}

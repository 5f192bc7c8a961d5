import { Button } from "@trussworks/react-uswds";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useOrg } from "../../app/org.tsx";
import { Loading } from "../../components/Loading.tsx";
import { NoOrganisation } from "../../components/NoOrganisation.tsx";
import { Page } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useCanWrite } from "../../components/useCanWrite.ts";
import { AssetFilters, matchesAsset, readAssetFilters, writeAssetFilters } from "./AssetFilters.tsx";
import { AssetsTable } from "./AssetsTable.tsx";
import { useAssets } from "./asset-queries.ts";
import { NewAssetForm } from "./NewAssetForm.tsx";

/** The organisation's assets with search and filters (kept in the URL), and a form for a new one. */
export function AssetsPage() {
  const org = useOrg();
  const orgId = org.current?.id;
  const [params, setParams] = useSearchParams();
  const filters = readAssetFilters(params);
  const assets = useAssets(orgId);
  const canWrite = useCanWrite(orgId);
  const [adding, setAdding] = useState(false);
  const navigate = useNavigate();

  if (org.loading) return <Loading label="your organisations" />;
  if (org.current === undefined || orgId === undefined) {
    return (
      <Page title="Assets">
        <NoOrganisation />
      </Page>
    );
  }
  return (
    <Page
      title="Assets"
      lead={`The systems ${org.current.name} runs. Upload an asset's inventory (an SBOM or lockfile) and Bulwark watches it.`}
      actions={
        canWrite && !adding ? (
          <Button type="button" onClick={() => setAdding(true)}>
            New asset
          </Button>
        ) : undefined
      }
    >
      {adding && (
        <NewAssetForm
          orgId={orgId}
          onCancel={() => setAdding(false)}
          onCreated={(a) => navigate(`/assets/${encodeURIComponent(a.id)}`)}
        />
      )}
      <QueryState
        query={assets}
        label="assets"
        isEmpty={(list) => list.length === 0}
        empty={
          <p>
            {org.current.name} has no assets yet.{" "}
            {canWrite ? "Add one with “New asset”, then upload its inventory." : "A member who may write can add them."}
          </p>
        }
      >
        {(list) => {
          const environments = [
            ...new Set(list.flatMap((a) => (a.environment === undefined ? [] : [a.environment]))),
          ].sort();
          const shown = list.filter((a) => matchesAsset(a, filters));
          return (
            <>
              <AssetFilters
                values={filters}
                environments={environments}
                onChange={(next) => setParams(writeAssetFilters(next), { replace: true })}
              />
              <p role="status" aria-live="polite">
                {shown.length === list.length
                  ? `${list.length} asset${list.length === 1 ? "" : "s"}`
                  : `${shown.length} of ${list.length} assets match`}
              </p>
              {shown.length === 0 ? (
                <p>No asset matches these filters.</p>
              ) : (
                <AssetsTable assets={shown} caption={`Assets of ${org.current?.name ?? "the organisation"}`} />
              )}
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}

import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Checkbox, Fieldset, Label, Select, TextInput } from "@trussworks/react-uswds";
import type { FormEvent } from "react";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FactList } from "../../components/FactList.tsx";
import { formatDate, formatDateTime } from "../../components/format.ts";
import { ALERTS_KEY } from "../alerts/alert-queries.ts";
import { assetKeys } from "./asset-queries.ts";
import { ASSET_KINDS, CRITICALITIES, type Criticality } from "./asset-words.ts";

type Asset = Schemas["Asset"];
type Changes = { criticality?: Criticality; exposed?: boolean; environment?: string | null };

/** The asset's facts as a list. */
export function AssetFacts({ asset }: { readonly asset: Asset }) {
  const inv = asset.currentInventory;
  return (
    <FactList
      facts={[
        ["Kind", ASSET_KINDS[asset.kind] ?? asset.kind],
        ["Environment", asset.environment ?? "Not set"],
        ["Criticality", CRITICALITIES[asset.criticality] ?? asset.criticality],
        ["Reachable from the internet", asset.exposed ? "Yes" : "No"],
        ["Owner", asset.owner],
        ["Tags", asset.tags.length > 0 && asset.tags.join(", ")],
        [
          "Current inventory",
          inv === undefined
            ? "None uploaded yet"
            : `Upload ${inv.seq}, ${formatDateTime(inv.uploadedAt)}, ${inv.format}, ${inv.componentCount} components`,
        ],
        ["Active alerts", `${asset.alerts?.active ?? 0} (${asset.alerts?.overdue ?? 0} overdue)`],
        ["Created", formatDate(asset.createdAt)],
      ]}
    />
  );
}

/**
 * Change what decides the asset's deadlines: criticality (SSVC Mission & Well-being), internet
 * exposure (BOD 26-04) and environment. Only changed fields are sent; the server re-decides the alerts.
 */
export function AssetProfileForm({ asset }: { readonly asset: Asset }) {
  const queries = useQueryClient();
  const save = useMutation({
    mutationFn: (body: Changes) =>
      unwrap(api.PATCH("/api/v1/assets/{id}", { params: { path: { id: asset.id } }, body })),
    onSuccess: async () => {
      await Promise.all([
        queries.invalidateQueries({ queryKey: assetKeys.all }),
        queries.invalidateQueries({ queryKey: ALERTS_KEY }),
      ]);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const criticality = String(form.get("criticality")) as Criticality;
    const exposed = form.get("exposed") === "on";
    const environment = String(form.get("environment") ?? "").trim();
    const changes: Changes = {
      ...(criticality !== asset.criticality && { criticality }),
      ...(exposed !== asset.exposed && { exposed }),
      ...(environment !== (asset.environment ?? "") && { environment: environment === "" ? null : environment }),
    };
    if (Object.keys(changes).length === 0) return;
    save.mutate(changes);
  }

  return (
    <form onSubmit={submit} className="maxw-tablet" key={asset.updatedAt}>
      <Fieldset legend="Risk profile">
        <Label htmlFor="profile-criticality">Criticality (SSVC Mission & Well-being)</Label>
        <Select id="profile-criticality" name="criticality" defaultValue={asset.criticality}>
          {Object.entries(CRITICALITIES).map(([v, t]) => (
            <option key={v} value={v}>
              {t}
            </option>
          ))}
        </Select>
        <Checkbox
          id="profile-exposed"
          name="exposed"
          label="Reachable from the internet (BOD 26-04)"
          defaultChecked={asset.exposed}
        />
        <Label htmlFor="profile-environment" hint=" (empty to clear)">
          Environment
        </Label>
        <TextInput
          id="profile-environment"
          name="environment"
          type="text"
          maxLength={100}
          defaultValue={asset.environment ?? ""}
        />
      </Fieldset>
      <Button type="submit" className="margin-top-2" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save changes"}
      </Button>
      <div aria-live="polite">
        {save.isError && <ErrorAlert error={save.error} />}
        {save.isSuccess && (
          <Alert type="success" slim>
            Saved. The asset's alerts were decided again with its new profile.
          </Alert>
        )}
      </div>
    </form>
  );
}

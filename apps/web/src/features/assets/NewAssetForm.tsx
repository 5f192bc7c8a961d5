import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Checkbox, Fieldset, Label, Select, TextInput } from "@trussworks/react-uswds";
import type { FormEvent } from "react";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { assetKeys } from "./asset-queries.ts";
import { ASSET_KINDS, type AssetKind, CRITICALITIES, type Criticality } from "./asset-words.ts";

/** The fields of a new asset (POST /api/v1/assets). */
type NewAsset = {
  orgId: string;
  name: string;
  kind: AssetKind;
  criticality: Criticality;
  exposed: boolean;
  environment?: string;
  owner?: string;
  tags?: string[];
};

/** Create an asset in the organisation; `onCreated` gets the new asset (the page opens it). */
export function NewAssetForm({
  orgId,
  onCreated,
  onCancel,
}: {
  readonly orgId: string;
  readonly onCreated: (asset: Schemas["Asset"]) => void;
  readonly onCancel: () => void;
}) {
  const queries = useQueryClient();
  const create = useMutation({
    mutationFn: (body: NewAsset) => unwrap(api.POST("/api/v1/assets", { body })),
    onSuccess: async (asset) => {
      await queries.invalidateQueries({ queryKey: assetKeys.all });
      onCreated(asset);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (k: string) => String(form.get(k) ?? "").trim();
    const tags = text("tags")
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== "");
    create.mutate({
      orgId,
      name: text("name"),
      kind: text("kind") as AssetKind,
      criticality: text("criticality") as Criticality,
      exposed: form.get("exposed") === "on",
      ...(text("environment") !== "" && { environment: text("environment") }),
      ...(text("owner") !== "" && { owner: text("owner") }),
      ...(tags.length > 0 && { tags }),
    });
  }

  return (
    <section aria-labelledby="new-asset-heading" className="console-panel">
      <h2 id="new-asset-heading">New asset</h2>
      {create.isError && <ErrorAlert error={create.error} />}
      <form onSubmit={submit} className="maxw-tablet">
        <Fieldset legend="The asset" legendStyle="srOnly">
          <Label htmlFor="new-name" requiredMarker>
            Name
          </Label>
          <TextInput id="new-name" name="name" type="text" required maxLength={200} />
          <Label htmlFor="new-kind" requiredMarker>
            Kind
          </Label>
          <Select id="new-kind" name="kind" required defaultValue="application">
            {Object.entries(ASSET_KINDS).map(([v, t]) => (
              <option key={v} value={v}>
                {t}
              </option>
            ))}
          </Select>
          <Label
            htmlFor="new-criticality"
            requiredMarker
            hint=" (how much harm its failure does: SSVC Mission & Well-being)"
          >
            Criticality
          </Label>
          <Select id="new-criticality" name="criticality" required defaultValue="medium">
            {Object.entries(CRITICALITIES).map(([v, t]) => (
              <option key={v} value={v}>
                {t}
              </option>
            ))}
          </Select>
          <Checkbox
            id="new-exposed"
            name="exposed"
            label="Reachable from the internet (BOD 26-04 shortens its deadlines)"
          />
          <Label htmlFor="new-environment" hint=" (optional, e.g. production)">
            Environment
          </Label>
          <TextInput id="new-environment" name="environment" type="text" maxLength={100} />
          <Label htmlFor="new-owner" hint=" (optional: a team or person)">
            Owner
          </Label>
          <TextInput id="new-owner" name="owner" type="text" maxLength={200} />
          <Label htmlFor="new-tags" hint=" (optional, separated by commas)">
            Tags
          </Label>
          <TextInput id="new-tags" name="tags" type="text" />
        </Fieldset>
        <div className="console-page-actions margin-top-2">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create asset"}
          </Button>
          <Button type="button" unstyled onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </section>
  );
}

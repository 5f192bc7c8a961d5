import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, AlertText, Button, Label, Select, TextInput } from "@trussworks/react-uswds";
import { type FormEvent, useState } from "react";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { KIND_LABELS, keysOf, type OrgKind, SECTOR_LABELS, type Sector } from "./labels.ts";

/** Create an organisation: name, kind, and the sector an operator belongs to (operators only). */
export function CreateOrgForm({ onCreated }: { readonly onCreated: (org: Schemas["Organisation"]) => void }) {
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<OrgKind>("operator");
  const [sector, setSector] = useState<Sector | "">("");
  const [done, setDone] = useState<string>();
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/orgs", {
          body: { name: name.trim(), kind, ...(kind === "operator" && sector !== "" && { sector }) },
        }),
      ),
    onSuccess: async (org) => {
      setName("");
      setSector("");
      setDone(`Created ${org.name}. Its members are open above: add its first owner there.`);
      await queries.invalidateQueries({ queryKey: ["orgs"] });
      onCreated(org);
    },
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(undefined);
    create.mutate();
  }
  return (
    <form onSubmit={submit} className="usa-form usa-form--large margin-top-3">
      <h3>Create an organisation</h3>
      <Label htmlFor="org-name">Name</Label>
      <TextInput
        id="org-name"
        name="name"
        type="text"
        required
        maxLength={200}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <Label htmlFor="org-kind">Kind</Label>
      <Select id="org-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as OrgKind)}>
        {keysOf(KIND_LABELS).map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </Select>
      {kind === "operator" && (
        <>
          <Label htmlFor="org-sector">Sector</Label>
          <span id="org-sector-hint" className="usa-hint">
            Operators are grouped by critical-infrastructure sector in the coordinator's view.
          </span>
          <Select
            id="org-sector"
            name="sector"
            required
            aria-describedby="org-sector-hint"
            value={sector}
            onChange={(e) => setSector(e.target.value as Sector | "")}
          >
            <option value="">- Choose a sector -</option>
            {keysOf(SECTOR_LABELS).map((s) => (
              <option key={s} value={s}>
                {SECTOR_LABELS[s]}
              </option>
            ))}
          </Select>
        </>
      )}
      {create.isError && <ErrorAlert error={create.error} />}
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create organisation"}
      </Button>
      <div role="status" aria-live="polite">
        {done !== undefined && (
          <Alert type="success" slim>
            <AlertText>{done}</AlertText>
          </Alert>
        )}
      </div>
    </form>
  );
}

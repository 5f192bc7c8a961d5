import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation } from "@tanstack/react-query";
import { Button, Checkbox, Fieldset, Label, Select, TextInput } from "@trussworks/react-uswds";
import { type FormEvent, useState } from "react";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { keysOf, type OrgRole, ROLE_LABELS, SCOPE_LABELS, type Scope } from "./labels.ts";

type Organisation = Schemas["Organisation"];

/** What the form made: the secret (shown once) and, for an organisation token, whose it is. */
export interface CreatedToken {
  readonly secret: string;
  readonly role?: string;
  readonly orgName?: string;
}

/**
 * Create an API token: a personal one (optionally limited to one organisation, with scopes), or an
 * organisation token with a role, which belongs to the organisation's token account for that role.
 */
export function CreateTokenForm({
  orgs,
  onCreated,
}: {
  readonly orgs: readonly Organisation[];
  readonly onCreated: (made: CreatedToken) => void;
}) {
  const [name, setName] = useState("");
  const [orgId, setOrgId] = useState("");
  const [role, setRole] = useState<OrgRole | "">("");
  const [scopes, setScopes] = useState<readonly Scope[]>(["read", "write"]);
  const [days, setDays] = useState("");
  const withRole = orgId !== "" && role !== "";
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/tokens", {
          body: {
            name: name.trim(),
            ...(orgId !== "" && { orgId }),
            ...(withRole ? { role } : { scopes: [...scopes] }),
            ...(days.trim() !== "" && { expiresInDays: Number(days) }),
          },
        }),
      ),
    onSuccess: (made) => {
      const org = orgs.find((o) => o.id === made.token.orgId);
      onCreated({
        secret: made.secret,
        ...(made.role !== undefined && { role: made.role }),
        ...(org !== undefined && { orgName: org.name }),
      });
      setName("");
      setDays("");
    },
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate();
  }
  const toggle = (scope: Scope, on: boolean) =>
    setScopes((s) => (on ? [...s.filter((x) => x !== scope), scope] : s.filter((x) => x !== scope)));
  return (
    <form onSubmit={submit} className="usa-form usa-form--large margin-top-3">
      <h3>Create a token</h3>
      <Label htmlFor="token-name">Name</Label>
      <span id="token-name-hint" className="usa-hint">
        What uses it, e.g. "nightly SBOM upload".
      </span>
      <TextInput
        id="token-name"
        name="name"
        type="text"
        required
        maxLength={100}
        value={name}
        aria-describedby="token-name-hint"
        onChange={(e) => setName(e.target.value)}
      />
      <Label htmlFor="token-org">Organisation (optional)</Label>
      <Select
        id="token-org"
        name="orgId"
        value={orgId}
        onChange={(e) => {
          setOrgId(e.target.value);
          if (e.target.value === "") setRole("");
        }}
      >
        <option value="">None — a personal token with all your access</option>
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
      {orgId !== "" && (
        <>
          <Label htmlFor="token-role">Role</Label>
          <span id="token-role-hint" className="usa-hint">
            With a role, the token is the organisation's and acts with that role only. Without one, it is yours, limited
            to this organisation (you must be a member).
          </span>
          <Select
            id="token-role"
            name="role"
            value={role}
            aria-describedby="token-role-hint"
            onChange={(e) => setRole(e.target.value as OrgRole | "")}
          >
            <option value="">No role — my own token, limited to this organisation</option>
            {keysOf(ROLE_LABELS).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </>
      )}
      {!withRole && (
        <Fieldset legend="Scopes" className="margin-top-3">
          {keysOf(SCOPE_LABELS).map((s) => (
            <Checkbox
              key={s}
              id={`token-scope-${s}`}
              name="scopes"
              value={s}
              label={SCOPE_LABELS[s]}
              checked={scopes.includes(s)}
              onChange={(e) => toggle(s, e.target.checked)}
            />
          ))}
        </Fieldset>
      )}
      <Label htmlFor="token-days">Expires after (days, optional)</Label>
      <span id="token-days-hint" className="usa-hint">
        From 1 to 3650. Leave empty for a token that does not expire.
      </span>
      <TextInput
        id="token-days"
        name="expiresInDays"
        type="number"
        min={1}
        max={3650}
        step={1}
        inputMode="numeric"
        value={days}
        aria-describedby="token-days-hint"
        onChange={(e) => setDays(e.target.value)}
        className="maxw-card"
      />
      {create.isError && <ErrorAlert error={create.error} />}
      <Button type="submit" disabled={create.isPending || (!withRole && scopes.length === 0)}>
        {create.isPending ? "Creating…" : "Create token"}
      </Button>
    </form>
  );
}

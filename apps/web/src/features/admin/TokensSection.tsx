import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Table, Tag } from "@trussworks/react-uswds";
import { useState } from "react";
import { api } from "../../api.ts";
import { loadAllOrgs } from "../../app/org.tsx";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDate, formatDateTime } from "../../components/format.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SecretOnce } from "../../components/SecretOnce.tsx";
import { TableRegion } from "../../components/TableRegion.tsx";
import { type CreatedToken, CreateTokenForm } from "./CreateTokenForm.tsx";

type Token = Schemas["ApiToken"];

/** The admin's API tokens: create one (its secret shown once), see when each was used, revoke. */
export function TokensSection() {
  const queries = useQueryClient();
  const tokens = useQuery({ queryKey: ["tokens"], queryFn: () => unwrap(api.GET("/api/v1/tokens")) });
  const orgs = useQuery({ queryKey: ["orgs"], queryFn: loadAllOrgs });
  const [created, setCreated] = useState<CreatedToken>();
  const names = new Map((orgs.data ?? []).map((o) => [o.id, o.name]));
  return (
    <section aria-labelledby="admin-tokens">
      <h2 id="admin-tokens">API tokens</h2>
      <p>
        Scripts and the <code className="console-code">bulwark</code> command line send a token as{" "}
        <code className="console-code">Authorization: Bearer …</code>. A token never has more rights than the account it
        belongs to.
      </p>
      {created !== undefined && (
        <SecretOnce
          heading="Token created"
          label="API token"
          secret={created.secret}
          onDismiss={() => setCreated(undefined)}
        >
          {created.role !== undefined && created.orgName !== undefined ? (
            <p className="margin-bottom-0">
              This is an organisation token: it belongs to the {created.role} token account of {created.orgName}, not to
              you, so it is not in your list below. To cut it off, remove that account from the organisation under
              Organisations.
            </p>
          ) : (
            <p className="margin-bottom-0">It acts as you, with the scopes you chose.</p>
          )}
        </SecretOnce>
      )}
      <QueryState
        query={tokens}
        label="your API tokens"
        isEmpty={(d) => d.items.length === 0}
        empty={<p>You have no API tokens yet.</p>}
      >
        {(data) => (
          <TokenTable
            tokens={data.items}
            orgName={(id) => names.get(id) ?? id}
            onRevoked={() => queries.invalidateQueries({ queryKey: ["tokens"] })}
          />
        )}
      </QueryState>
      <CreateTokenForm
        orgs={orgs.data ?? []}
        onCreated={(made) => {
          setCreated(made);
          void queries.invalidateQueries({ queryKey: ["tokens"] });
        }}
      />
    </section>
  );
}

function stateOf(t: Token): "revoked" | "expired" | "active" {
  if (t.revokedAt !== undefined) return "revoked";
  if (t.expiresAt !== undefined && Date.parse(t.expiresAt) <= Date.now()) return "expired";
  return "active";
}

function TokenTable({
  tokens,
  orgName,
  onRevoked,
}: {
  readonly tokens: readonly Token[];
  readonly orgName: (id: string) => string;
  readonly onRevoked: () => void;
}) {
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/tokens/{id}", { params: { path: { id } } })),
    onSuccess: onRevoked,
  });
  const caption = "Your API tokens";
  return (
    <>
      {revoke.isError && <ErrorAlert error={revoke.error} />}
      <TableRegion label={caption}>
        <Table caption={caption} fullWidth>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Organisation</th>
              <th scope="col">Scopes</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => {
              const state = stateOf(t);
              return (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>
                    <code className="console-code">{t.prefix}…</code>
                  </td>
                  <td>{t.orgId === undefined ? "Any of yours" : orgName(t.orgId)}</td>
                  <td>{t.scopes.join(", ")}</td>
                  <td>
                    <Tag background={state === "active" ? "#00720d" : "#565c65"} className="console-tag">
                      {state === "active" ? "Active" : state === "revoked" ? "Revoked" : "Expired"}
                    </Tag>
                    {t.revokedAt !== undefined && <div>{formatDate(t.revokedAt)}</div>}
                  </td>
                  <td className="console-nowrap">{formatDate(t.createdAt)}</td>
                  <td className="console-nowrap">{t.expiresAt === undefined ? "Never" : formatDate(t.expiresAt)}</td>
                  <td>{t.lastUsedAt === undefined ? "Never" : formatDateTime(t.lastUsedAt)}</td>
                  <td>
                    {state === "revoked" ? (
                      "—"
                    ) : (
                      <ConfirmButton
                        label="Revoke"
                        srContext={t.name}
                        question={`Revoke “${t.name}”? Whatever uses it stops working at once.`}
                        disabled={revoke.isPending}
                        onConfirm={() => revoke.mutate(t.id)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </TableRegion>
    </>
  );
}

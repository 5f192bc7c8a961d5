import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation } from "@tanstack/react-query";
import { Button, Table, Tag } from "@trussworks/react-uswds";
import { useState } from "react";
import { api } from "../../api.ts";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDate, formatDateTime } from "../../components/format.ts";
import { TableRegion } from "../../components/TableRegion.tsx";

type Organisation = Schemas["Organisation"];
type Webhook = Schemas["Webhook"];

/** The organisation's webhooks with their state, a test delivery button and delete behind a confirmation. */
export function WebhookTable({
  org,
  hooks,
  onChanged,
  onTested,
}: {
  readonly org: Organisation;
  readonly hooks: readonly Webhook[];
  readonly onChanged: () => void;
  readonly onTested: () => void;
}) {
  const caption = `Webhooks of ${org.name}`;
  return (
    <TableRegion label={caption}>
      <Table caption={caption} fullWidth>
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Description</th>
            <th scope="col">State</th>
            <th scope="col">Added</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {hooks.map((hook) => (
            <WebhookRow key={hook.id} org={org} hook={hook} onChanged={onChanged} onTested={onTested} />
          ))}
        </tbody>
      </Table>
    </TableRegion>
  );
}

function WebhookRow({
  org,
  hook,
  onChanged,
  onTested,
}: {
  readonly org: Organisation;
  readonly hook: Webhook;
  readonly onChanged: () => void;
  readonly onTested: () => void;
}) {
  const path = { id: org.id, wid: hook.id };
  const [tested, setTested] = useState<string>();
  const test = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/orgs/{id}/webhooks/{wid}/test", { params: { path } })),
    onSuccess: ({ messageId }) => {
      setTested(messageId);
      onTested();
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/orgs/{id}/webhooks/{wid}", { params: { path } })),
    onSuccess: onChanged,
  });
  return (
    <tr>
      <th scope="row" className="console-break">
        {hook.url}
      </th>
      <td>{hook.description ?? "—"}</td>
      <td>
        <State hook={hook} />
      </td>
      <td className="console-nowrap">{formatDate(hook.createdAt)}</td>
      <td>
        <div className="console-page-actions">
          <Button
            type="button"
            outline
            disabled={!hook.enabled || test.isPending}
            onClick={() => {
              setTested(undefined);
              test.mutate();
            }}
          >
            {test.isPending ? "Sending…" : "Send test delivery"}
            <span className="usa-sr-only"> to {hook.url}</span>
          </Button>
          <ConfirmButton
            label="Delete"
            srContext={hook.url}
            question={`Delete the webhook ${hook.url}? Deliveries not yet sent are dropped.`}
            disabled={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        </div>
        <div role="status" aria-live="polite">
          {tested !== undefined && (
            <p className="margin-y-1">
              Test delivery queued (message <code className="console-code">{tested}</code>). It is sent within moments;
              if the endpoint does not answer with a 2xx status, the failure count here goes up.
            </p>
          )}
        </div>
        {test.isError && <ErrorAlert error={test.error} />}
        {remove.isError && <ErrorAlert error={remove.error} />}
      </td>
    </tr>
  );
}

function State({ hook }: { readonly hook: Webhook }) {
  if (!hook.enabled) {
    return (
      <>
        <Tag background="#b50909" className="console-tag">
          Disabled
        </Tag>
        <p className="margin-y-05">
          {hook.disabledAt !== undefined && `Since ${formatDateTime(hook.disabledAt)}. `}
          {hook.disabledReason ?? "Too many failed deliveries."} Fix the endpoint, then delete the webhook and add it
          again.
        </p>
      </>
    );
  }
  return (
    <>
      <Tag background="#00720d" className="console-tag">
        Active
      </Tag>
      <p className="margin-y-05">
        {hook.consecutiveFailures === 0
          ? "No failed deliveries."
          : `${hook.consecutiveFailures} failed ${hook.consecutiveFailures === 1 ? "delivery" : "deliveries"} in a row.`}
      </p>
    </>
  );
}

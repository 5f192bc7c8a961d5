import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Label, Textarea, TextInput } from "@trussworks/react-uswds";
import { type FormEvent, useState } from "react";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { WebhookSecret } from "./WebhookSecret.tsx";
import { WebhookTable } from "./WebhookTable.tsx";

type Organisation = Schemas["Organisation"];

/** An owner's or admin's view of the organisation's webhooks: the list, and a form to add one. */
export function WebhookManager({ org }: { readonly org: Organisation }) {
  const queries = useQueryClient();
  const key = ["webhooks", org.id];
  // After a test the list is reloaded for a minute, so a failing endpoint's count shows up.
  const [watchUntil, setWatchUntil] = useState(0);
  const query = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{id}/webhooks", { params: { path: { id: org.id } } })),
    refetchInterval: () => (Date.now() < watchUntil ? 5_000 : false),
  });
  const [created, setCreated] = useState<{ url: string; secret: string }>();
  return (
    <>
      {created !== undefined && (
        <WebhookSecret url={created.url} secret={created.secret} onDismiss={() => setCreated(undefined)} />
      )}
      <QueryState
        query={query}
        label="the webhooks"
        isEmpty={(d) => d.items.length === 0}
        empty={<p>{org.name} has no webhooks yet.</p>}
      >
        {(data) => (
          <WebhookTable
            org={org}
            hooks={data.items}
            onChanged={() => queries.invalidateQueries({ queryKey: key })}
            onTested={() => setWatchUntil(Date.now() + 60_000)}
          />
        )}
      </QueryState>
      <AddWebhook
        org={org}
        onCreated={(made) => {
          setCreated({ url: made.webhook.url, secret: made.secret });
          void queries.invalidateQueries({ queryKey: key });
        }}
      />
    </>
  );
}

function AddWebhook({
  org,
  onCreated,
}: {
  readonly org: Organisation;
  readonly onCreated: (made: { webhook: Schemas["Webhook"]; secret: string }) => void;
}) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/orgs/{id}/webhooks", {
          params: { path: { id: org.id } },
          body: { url: url.trim(), ...(description.trim() !== "" && { description: description.trim() }) },
        }),
      ),
    onSuccess: (made) => {
      setUrl("");
      setDescription("");
      onCreated(made);
    },
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    add.mutate();
  }
  return (
    <form onSubmit={submit} className="usa-form usa-form--large margin-top-3">
      <h3>Add a webhook</h3>
      <Label htmlFor="webhook-url">Endpoint URL</Label>
      <span id="webhook-url-hint" className="usa-hint">
        An https address that accepts POST requests, e.g. https://tickets.example.org/hooks/bulwark.
      </span>
      <TextInput
        id="webhook-url"
        name="url"
        type="url"
        required
        maxLength={2000}
        value={url}
        aria-describedby="webhook-url-hint"
        onChange={(e) => setUrl(e.target.value)}
      />
      <Label htmlFor="webhook-description">Description (optional)</Label>
      <Textarea
        id="webhook-description"
        name="description"
        maxLength={200}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      {add.isError && <ErrorAlert error={add.error} />}
      <Button type="submit" disabled={add.isPending}>
        {add.isPending ? "Adding…" : "Add webhook"}
      </Button>
    </form>
  );
}

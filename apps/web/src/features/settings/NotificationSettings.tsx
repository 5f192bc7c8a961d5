import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, AlertText, Button, Fieldset, Radio } from "@trussworks/react-uswds";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api.ts";
import { useSession } from "../../app/session.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { QueryState } from "../../components/QueryState.tsx";

type Settings = Schemas["NotificationSettings"];
type Severities = Settings["severities"];
type Severity = keyof Severities;
type Mode = Severities[Severity];

// Typed as records over the contract's unions so a new severity or mode fails the build here.
const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: "Critical alerts",
  high: "High alerts",
  medium: "Medium alerts",
  low: "Low alerts",
  unknown: "Alerts of unknown severity",
};
const MODE_LABELS: Readonly<Record<Mode, string>> = {
  immediate: "E-mail at once",
  digest: "Daily digest",
  off: "No e-mail",
};
const SEVERITIES = Object.keys(SEVERITY_LABELS) as Severity[];
const MODES = Object.keys(MODE_LABELS) as Mode[];

/** The caller's e-mail settings per alert severity: at once, in the daily digest, or not at all. */
export function NotificationSettings() {
  const query = useQuery({
    queryKey: ["notification-settings"],
    queryFn: () => unwrap(api.GET("/api/v1/me/notification-settings")),
  });
  return (
    <section aria-labelledby="settings-email">
      <h2 id="settings-email">E-mail notifications</h2>
      <QueryState query={query} label="your e-mail settings">
        {(settings) => <SettingsForm settings={settings} />}
      </QueryState>
    </section>
  );
}

function SettingsForm({ settings }: { readonly settings: Settings }) {
  const session = useSession();
  const queries = useQueryClient();
  const [chosen, setChosen] = useState<Severities>(settings.severities);
  const save = useMutation({
    mutationFn: (severities: Severities) =>
      unwrap(api.PUT("/api/v1/me/notification-settings", { body: { severities } })),
    onSuccess: (saved) => {
      queries.setQueryData(["notification-settings"], saved);
      setChosen(saved.severities);
    },
  });
  const changed = SEVERITIES.some((s) => chosen[s] !== settings.severities[s]);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate(chosen);
  }
  return (
    <form onSubmit={submit}>
      <p>
        E-mails go to <strong>{session.me?.email}</strong>. Every notification also lands in your{" "}
        <Link to="/inbox" className="usa-link">
          Inbox
        </Link>
        , whatever you choose here.
      </p>
      {SEVERITIES.map((severity) => (
        <Fieldset key={severity} legend={SEVERITY_LABELS[severity]} className="margin-bottom-2">
          <div className="console-form-row">
            {MODES.map((mode) => (
              <Radio
                key={mode}
                id={`notify-${severity}-${mode}`}
                name={`notify-${severity}`}
                value={mode}
                label={`${MODE_LABELS[mode]}${settings.defaults[severity] === mode ? " (default)" : ""}`}
                checked={chosen[severity] === mode}
                onChange={() => {
                  save.reset();
                  setChosen((c) => ({ ...c, [severity]: mode }));
                }}
              />
            ))}
          </div>
        </Fieldset>
      ))}
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save e-mail settings"}
      </Button>
      <div role="status" aria-live="polite">
        {save.isSuccess && !changed && (
          <Alert type="success" slim>
            <AlertText>Your e-mail settings are saved.</AlertText>
          </Alert>
        )}
      </div>
      {save.isError && <ErrorAlert error={save.error} />}
    </form>
  );
}

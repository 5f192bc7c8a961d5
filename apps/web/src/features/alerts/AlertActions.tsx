import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Label, Select, Textarea } from "@trussworks/react-uswds";
import { type FormEvent, useState } from "react";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { humanise } from "../../components/format.ts";
import { ALERTS_KEY } from "./alert-queries.ts";
import { type SettableStatus, VEX_JUSTIFICATIONS, type VexJustification } from "./vex.ts";

type Change = {
  status: SettableStatus;
  justification?: VexJustification;
  reason?: string;
  expiresAt?: string;
  note?: string;
};

// The one-click changes, each offered when the alert is not already there.
const QUICK: readonly { status: SettableStatus; label: string }[] = [
  { status: "acknowledged", label: "Acknowledge" },
  { status: "in-progress", label: "Mark in progress" },
  { status: "remediated", label: "Mark remediated" },
  { status: "open", label: "Reopen" },
];

function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The status changes a member who may write makes: one click for acknowledge, in progress,
 * remediated and reopen; a form for not affected (with its VEX justification) and for risk
 * accepted (reason and an expiry after today). A note, when given, goes with any of them.
 */
export function AlertActions({ alert }: { readonly alert: Schemas["Alert"] }) {
  const queries = useQueryClient();
  const [note, setNote] = useState("");
  const change = useMutation({
    mutationFn: (body: Change) =>
      unwrap(api.POST("/api/v1/alerts/{id}/status", { params: { path: { id: alert.id } }, body })),
    onSuccess: async () => {
      setNote("");
      await queries.invalidateQueries({ queryKey: ALERTS_KEY });
    },
  });
  const send = (body: Change) => {
    const n = note.trim();
    change.mutate({ ...body, ...(n !== "" && { note: n }) });
  };

  function notAffected(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const justification = String(new FormData(event.currentTarget).get("justification") ?? "");
    if (justification !== "") send({ status: "not-affected", justification: justification as VexJustification });
  }

  function acceptRisk(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    send({
      status: "risk-accepted",
      reason: String(form.get("reason") ?? "").trim(),
      expiresAt: String(form.get("expiresAt") ?? ""),
    });
  }

  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">Act on this alert</h2>
      <div aria-live="polite">
        {change.isSuccess && (
          <Alert type="success" slim>
            Status changed to {humanise(change.data.status)}. The history below shows the change.
          </Alert>
        )}
        {change.isError && <ErrorAlert error={change.error} />}
      </div>
      <div className="maxw-tablet">
        <Label htmlFor="status-note" hint=" (optional, kept in the history with the change)">
          Note
        </Label>
        <Textarea
          id="status-note"
          name="note"
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <div className="console-page-actions margin-y-2">
        {QUICK.filter((q) => q.status !== alert.status).map((q) => (
          <Button
            key={q.status}
            type="button"
            outline={q.status === "open"}
            disabled={change.isPending}
            onClick={() => send({ status: q.status })}
          >
            {q.label}
          </Button>
        ))}
      </div>
      <div className="grid-row grid-gap">
        <form className="tablet:grid-col-6" onSubmit={notAffected} aria-labelledby="not-affected-heading">
          <h3 id="not-affected-heading">Not affected</h3>
          <p className="margin-0">A VEX statement: the vulnerable code cannot harm this asset, and why.</p>
          <Label htmlFor="justification">VEX justification</Label>
          <Select id="justification" name="justification" required defaultValue="">
            <option value="" disabled>
              - Select why it is not affected -
            </option>
            {Object.entries(VEX_JUSTIFICATIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
          <Button type="submit" className="margin-top-2" disabled={change.isPending}>
            Mark not affected
          </Button>
        </form>
        <form className="tablet:grid-col-6" onSubmit={acceptRisk} aria-labelledby="risk-heading-form">
          <h3 id="risk-heading-form">Accept the risk</h3>
          <p className="margin-0">Leave it as it is until a date; the alert reopens then.</p>
          <Label htmlFor="risk-reason">Why the risk is accepted</Label>
          <Textarea id="risk-reason" name="reason" required maxLength={2000} />
          <Label htmlFor="risk-expires" hint=" (after today)">
            Accepted until
          </Label>
          <input className="usa-input" id="risk-expires" name="expiresAt" type="date" required min={tomorrow()} />
          <Button type="submit" className="margin-top-2" disabled={change.isPending}>
            Accept the risk
          </Button>
        </form>
      </div>
    </section>
  );
}

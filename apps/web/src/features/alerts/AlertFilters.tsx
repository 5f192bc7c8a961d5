import type { Schemas } from "@bulwark/api-contract";
import { Button, Checkbox, Label, Select, TextInput } from "@trussworks/react-uswds";
import { type FormEvent, useEffect, useState } from "react";
import { humanise } from "../../components/format.ts";
import { ACTIVE_FILTER } from "./alert-queries.ts";

const STATUSES = ["open", "acknowledged", "in-progress", "remediated", "not-affected", "risk-accepted", "closed"];

/** The filters as the URL holds them; "" means "any". */
export interface AlertFilterValues {
  readonly status: string;
  readonly overdue: boolean;
  readonly assetId: string;
  readonly vuln: string;
}

/**
 * The alert list's filters. Selects and the checkbox apply at once; the vulnerability text applies
 * on Enter or "Search", so typing does not send a request per key.
 */
export function AlertFilters({
  values,
  assets,
  onChange,
}: {
  readonly values: AlertFilterValues;
  readonly assets: readonly Schemas["Asset"][];
  readonly onChange: (next: AlertFilterValues) => void;
}) {
  const [vuln, setVuln] = useState(values.vuln);
  useEffect(() => setVuln(values.vuln), [values.vuln]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ ...values, vuln: vuln.trim() });
  }

  return (
    <form className="console-filters" onSubmit={submit} aria-label="Filter alerts">
      <div>
        <Label htmlFor="alert-status">Status</Label>
        <Select
          id="alert-status"
          name="status"
          value={values.status}
          onChange={(e) => onChange({ ...values, status: e.target.value })}
        >
          <option value={ACTIVE_FILTER}>Active (open, acknowledged, in progress)</option>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanise(s)}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="alert-asset">Asset</Label>
        <Select
          id="alert-asset"
          name="assetId"
          value={values.assetId}
          onChange={(e) => onChange({ ...values, assetId: e.target.value })}
        >
          <option value="">All assets</option>
          {assets.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="alert-vuln">Vulnerability id or alias</Label>
        <div className="console-inline-field">
          <TextInput
            id="alert-vuln"
            name="vuln"
            type="text"
            value={vuln}
            placeholder="CVE-2024-…"
            onChange={(e) => setVuln(e.target.value)}
          />
          <Button type="submit">Search</Button>
        </div>
      </div>
      <div className="console-filter-check">
        <Checkbox
          id="alert-overdue"
          name="overdue"
          label="Only overdue"
          checked={values.overdue}
          onChange={(e) => onChange({ ...values, overdue: e.target.checked })}
        />
      </div>
    </form>
  );
}

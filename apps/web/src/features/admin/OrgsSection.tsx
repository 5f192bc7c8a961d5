import type { Schemas } from "@bulwark/api-contract";
import { useQuery } from "@tanstack/react-query";
import { Table } from "@trussworks/react-uswds";
import { useEffect, useRef } from "react";
import { useSearchParams } from "react-router";
import { loadAllOrgs } from "../../app/org.tsx";
import { formatDate } from "../../components/format.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { TableRegion } from "../../components/TableRegion.tsx";
import { CreateOrgForm } from "./CreateOrgForm.tsx";
import { KIND_LABELS, SECTOR_LABELS } from "./labels.ts";
import { OrgMembers } from "./OrgMembers.tsx";

type Organisation = Schemas["Organisation"];

/** Every organisation, a form to create one, and the members of the one chosen (`?org=` in the URL). */
export function OrgsSection() {
  // The same key as the organisation picker, so a new organisation shows up there too.
  const query = useQuery({ queryKey: ["orgs"], queryFn: loadAllOrgs });
  const [params, setParams] = useSearchParams();
  const chosenId = params.get("org");
  const choose = (id: string | undefined) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (id === undefined) next.delete("org");
      else next.set("org", id);
      return next;
    });
  return (
    <section aria-labelledby="admin-orgs">
      <h2 id="admin-orgs">Organisations</h2>
      <QueryState
        query={query}
        label="the organisations"
        isEmpty={(orgs) => orgs.length === 0}
        empty={<p>There are no organisations yet. Create the first one below.</p>}
      >
        {(orgs) => {
          const chosen = orgs.find((o) => o.id === chosenId);
          return (
            <>
              <OrgTable orgs={orgs} chosenId={chosen?.id} onChoose={choose} />
              {chosen !== undefined && <ChosenOrg key={chosen.id} org={chosen} onClose={() => choose(undefined)} />}
            </>
          );
        }}
      </QueryState>
      <CreateOrgForm onCreated={(org) => choose(org.id)} />
    </section>
  );
}

function OrgTable({
  orgs,
  chosenId,
  onChoose,
}: {
  readonly orgs: readonly Organisation[];
  readonly chosenId: string | undefined;
  readonly onChoose: (id: string) => void;
}) {
  const caption = `All organisations (${orgs.length})`;
  return (
    <TableRegion label={caption}>
      <Table caption={caption} fullWidth striped>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Sector</th>
            <th scope="col">Created</th>
            <th scope="col">Members</th>
          </tr>
        </thead>
        <tbody>
          {orgs.map((o) => (
            <tr key={o.id}>
              <th scope="row">{o.name}</th>
              <td>{KIND_LABELS[o.kind] ?? o.kind}</td>
              <td>{o.sector === undefined ? "—" : (SECTOR_LABELS[o.sector] ?? o.sector)}</td>
              <td className="console-nowrap">{formatDate(o.createdAt)}</td>
              <td>
                <button
                  type="button"
                  className={`usa-button usa-button--outline${o.id === chosenId ? " usa-button--active" : ""}`}
                  aria-pressed={o.id === chosenId}
                  onClick={() => onChoose(o.id)}
                >
                  Members<span className="usa-sr-only"> of {o.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableRegion>
  );
}

function ChosenOrg({ org, onClose }: { readonly org: Organisation; readonly onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Choosing an organisation moves focus to its members so keyboard users land on what opened
  // (the component is keyed by the organisation, so this runs once per choice).
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div className="console-card margin-top-2">
      <h3 ref={heading} tabIndex={-1} className="margin-top-0">
        Members of {org.name}
      </h3>
      <OrgMembers org={org} />
      <button type="button" className="usa-button usa-button--unstyled margin-top-2" onClick={onClose}>
        Close the members of {org.name}
      </button>
    </div>
  );
}

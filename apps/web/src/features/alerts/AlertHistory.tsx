import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api.ts";
import { StatusTag } from "../../components/AlertTags.tsx";
import { formatDate, formatDateTime, humanise } from "../../components/format.ts";
import { TableRegion } from "../../components/TableRegion.tsx";

type AlertEvent = Schemas["AlertEvent"];

/** Who did it: a member's name when the member list can be read, the monitor when no one did. */
function useActorNames(orgId: string) {
  const members = useQuery({
    queryKey: ["orgs", orgId, "members"],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{id}/members", { params: { path: { id: orgId } } })),
    retry: false,
  });
  return (actor: string | undefined) => {
    if (actor === undefined) return "Bulwark monitor";
    const m = members.data?.items.find((x) => x.userId === actor);
    return m === undefined ? "A user" : m.displayName || m.email;
  };
}

// The event's details as words: the justification, reason and expiry a user gave, the upload that caused it.
function detailsOf(e: AlertEvent): string[] {
  const d = e.details ?? {};
  const out: string[] = [];
  if (typeof d.justification === "string") out.push(`VEX justification: ${humanise(d.justification)}`);
  if (typeof d.reason === "string") out.push(`Reason: ${d.reason}`);
  if (typeof d.expiresAt === "string") out.push(`Accepted until ${formatDate(d.expiresAt)}`);
  if (typeof d.dueAt === "string") out.push(`Due ${formatDate(d.dueAt)}`);
  if (typeof d.inventoryId === "string") out.push("After an inventory upload");
  return out;
}

/** The alert's status history, oldest first, with who changed it and why. */
export function AlertHistory({ orgId, history }: { readonly orgId: string; readonly history: readonly AlertEvent[] }) {
  const nameOf = useActorNames(orgId);
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <TableRegion label="Status history">
        <table className="usa-table usa-table--borderless width-full">
          <caption>Status history, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Status</th>
              <th scope="col">By</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {history.map((e) => (
              <tr key={`${e.at}-${e.to}-${e.from ?? ""}`}>
                <td className="console-nowrap">{formatDateTime(e.at)}</td>
                <td>
                  {e.from !== undefined && (
                    <>
                      <StatusTag status={e.from} /> <span aria-hidden="true">→</span>
                      <span className="usa-sr-only">to</span>{" "}
                    </>
                  )}
                  <StatusTag status={e.to} />
                </td>
                <td>{nameOf(e.actor)}</td>
                <td>
                  {e.note !== undefined && <p className="margin-0">{e.note}</p>}
                  {detailsOf(e).map((line) => (
                    <p key={line} className="margin-0 font-body-2xs">
                      {line}
                    </p>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

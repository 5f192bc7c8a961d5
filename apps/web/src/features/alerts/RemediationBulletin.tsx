import { ApiError, type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button } from "@trussworks/react-uswds";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FactList } from "../../components/FactList.tsx";
import { formatDateTime, humanise } from "../../components/format.ts";
import { isWebUrl, paragraphs } from "../../components/osv/osv.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { TableRegion } from "../../components/TableRegion.tsx";
import { useCanWrite } from "../../components/useCanWrite.ts";
import { ArtifactList } from "./ArtifactList.tsx";

type Delivery = Schemas["BulletinDelivery"];

/** The bulletin of a vulnerability group delivered to the organisation, with its artifacts; null when there is none. */
async function loadBulletin(vulnId: string, orgId: string) {
  const list = await unwrap(api.GET("/api/v1/bulletins", { params: { query: { vuln: vulnId, limit: 1 } } }));
  const first = list.items[0];
  if (first === undefined) return null;
  try {
    return await unwrap(api.GET("/api/v1/bulletins/{id}", { params: { path: { id: first.id }, query: { orgId } } }));
  } catch (e) {
    // A coordinator sees every bulletin, also one not delivered to this organisation.
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

function DeliveryStatus({ bulletinId, orgId, delivery }: { bulletinId: string; orgId: string; delivery?: Delivery }) {
  const queries = useQueryClient();
  const canWrite = useCanWrite(orgId);
  const mark = useMutation({
    mutationFn: (status: "acknowledged" | "applied") =>
      unwrap(
        api.POST("/api/v1/bulletins/{id}/delivery", { params: { path: { id: bulletinId } }, body: { status, orgId } }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["bulletins"] }),
  });
  if (delivery === undefined) return <p>The bulletin has not been delivered to your organisation.</p>;
  const order = ["delivered", "viewed", "acknowledged", "applied"];
  const at = order.indexOf(delivery.status);
  return (
    <>
      <FactList
        facts={[
          ["Your organisation's status", humanise(delivery.status)],
          ["Delivered", formatDateTime(delivery.deliveredAt)],
          ["Viewed", delivery.viewedAt && formatDateTime(delivery.viewedAt)],
          ["Acknowledged", delivery.acknowledgedAt && formatDateTime(delivery.acknowledgedAt)],
          ["Applied", delivery.appliedAt && formatDateTime(delivery.appliedAt)],
        ]}
      />
      {mark.isError && <ErrorAlert error={mark.error} />}
      {mark.isSuccess && (
        <Alert type="success" slim role="status">
          Recorded: {humanise(mark.data.status)}.
        </Alert>
      )}
      {canWrite && at < 3 && (
        <div className="console-page-actions margin-y-1">
          {at < 2 && (
            <Button type="button" outline disabled={mark.isPending} onClick={() => mark.mutate("acknowledged")}>
              Mark bulletin acknowledged
            </Button>
          )}
          <Button type="button" disabled={mark.isPending} onClick={() => mark.mutate("applied")}>
            Mark bulletin applied
          </Button>
        </div>
      )}
    </>
  );
}

/** The clearinghouse's remediation bulletin for the alert's vulnerability: what to do, the fixes, signed patch files. */
export function RemediationBulletin({ alert }: { readonly alert: Schemas["Alert"] }) {
  const bulletin = useQuery({
    queryKey: ["bulletins", "for", alert.vulnerability.id, alert.orgId],
    queryFn: () => loadBulletin(alert.vulnerability.id, alert.orgId),
  });
  return (
    <section aria-labelledby="bulletin-heading">
      <h2 id="bulletin-heading">Remediation bulletin</h2>
      <QueryState
        query={bulletin}
        label="the remediation bulletin"
        isEmpty={(b) => b === null}
        empty={<p>The clearinghouse has not published a remediation bulletin for {alert.vulnerability.id} yet.</p>}
      >
        {(b) =>
          b === null ? null : (
            <>
              <h3>{b.title}</h3>
              {paragraphs(b.instructions).map((p) => (
                <p key={p} className="console-prose">
                  {p}
                </p>
              ))}
              {b.fixes.length > 0 && (
                <TableRegion label="Fixed versions">
                  <table className="usa-table usa-table--borderless width-full">
                    <caption>Fixed versions</caption>
                    <thead>
                      <tr>
                        <th scope="col">Package</th>
                        <th scope="col">Ecosystem</th>
                        <th scope="col">Fixed in</th>
                      </tr>
                    </thead>
                    <tbody>
                      {b.fixes.map((f) => (
                        <tr key={`${f.ecosystem}:${f.name}`}>
                          <td className="console-code">{f.name}</td>
                          <td>{f.ecosystem}</td>
                          <td className="console-code">{f.fixedVersions.join(", ") || "No fix yet"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableRegion>
              )}
              {b.links.length > 0 && (
                <>
                  <h4>Vendor links</h4>
                  <ul className="usa-list">
                    {b.links
                      .filter((l) => isWebUrl(l.url))
                      .map((l) => (
                        <li key={l.url}>
                          <a className="usa-link" href={l.url} rel="noopener noreferrer" target="_blank">
                            {l.title ?? l.url}
                            <span className="usa-sr-only"> (opens in a new tab)</span>
                          </a>
                        </li>
                      ))}
                  </ul>
                </>
              )}
              <h4>Delivery</h4>
              <DeliveryStatus bulletinId={b.id} orgId={alert.orgId} {...(b.delivery && { delivery: b.delivery })} />
              <h4>Patch files</h4>
              <ArtifactList artifacts={b.artifacts} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useQueries } from "@tanstack/react-query";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Loading } from "../../components/Loading.tsx";
import { OsvRecordView } from "../../components/osv/OsvRecord.tsx";
import { parseOsvRecord } from "../../components/osv/osv.ts";

/**
 * The advisory records (OSV) of the alert's vulnerability group, rendered as text. The group's key
 * may be a CVE with no record of its own, so the records are read by the group's advisory ids.
 */
export function AdvisoryRecords({ vulnerability }: { readonly vulnerability: Schemas["Alert"]["vulnerability"] }) {
  const ids = vulnerability.ids.length > 0 ? vulnerability.ids : [vulnerability.id];
  const records = useQueries({
    queries: ids.map((id) => ({
      queryKey: ["vulns", id],
      queryFn: async () => parseOsvRecord(await unwrap(api.GET("/v1/vulns/{id}", { params: { path: { id } } })), id),
      staleTime: 300_000,
    })),
  });
  return (
    <section aria-labelledby="advisory-heading">
      <h2 id="advisory-heading">Advisory</h2>
      {records.map((q, i) => {
        const id = ids[i] as string;
        if (q.isPending) return <Loading key={id} label={`advisory ${id}`} />;
        if (q.isError) return <ErrorAlert key={id} error={q.error} />;
        return (
          <article key={id} className="margin-bottom-4">
            <h3>{q.data.id}</h3>
            <OsvRecordView record={q.data} level={4} />
          </article>
        );
      })}
    </section>
  );
}

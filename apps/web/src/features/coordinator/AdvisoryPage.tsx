import { unwrap } from "@bulwark/api-contract";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../api.ts";
import { OsvRecordView } from "../../components/osv/OsvRecord.tsx";
import { parseOsvRecord } from "../../components/osv/osv.ts";
import { Page } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";

/** One advisory of the knowledge base (its OSV record from `/v1/vulns/{id}`), rendered for people. */
export function AdvisoryPage() {
  const id = useParams().id ?? "";
  const query = useQuery({
    queryKey: ["osv-record", id],
    queryFn: async () => parseOsvRecord(await unwrap(api.GET("/v1/vulns/{id}", { params: { path: { id } } })), id),
    enabled: id !== "",
  });
  return (
    <Page
      title={id === "" ? "Advisory" : id}
      actions={
        <Link to="/advisories" className="usa-button usa-button--outline">
          Search advisories
        </Link>
      }
    >
      <QueryState query={query} label="the advisory">
        {(record) => <OsvRecordView record={record} />}
      </QueryState>
    </Page>
  );
}

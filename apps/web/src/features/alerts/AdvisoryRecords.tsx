import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useQueries } from "@tanstack/react-query";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FactList } from "../../components/FactList.tsx";
import { formatDate } from "../../components/format.ts";
import { Loading } from "../../components/Loading.tsx";
import { TableRegion } from "../../components/TableRegion.tsx";
import { describeRange, isWebUrl, type OsvRecord, paragraphs, readOsvRecord } from "./osv.ts";

const HEADING = /^#{1,6}\s+/;

/** OSV details as paragraphs of text; a Markdown heading line becomes a bold paragraph without its hashes. */
function Details({ text }: { readonly text: string }) {
  return (
    <>
      {paragraphs(text).map((p, i) =>
        HEADING.test(p) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one text have no other identity
          <p key={i} className="text-bold margin-bottom-0">
            {p.replace(HEADING, "")}
          </p>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one text have no other identity
          <p key={i} className="console-prose">
            {p}
          </p>
        ),
      )}
    </>
  );
}

function AffectedTable({ record }: { readonly record: OsvRecord }) {
  if (record.affected.length === 0) return <p>The record lists no affected packages.</p>;
  return (
    <TableRegion label={`Packages ${record.id} affects`}>
      <table className="usa-table usa-table--borderless width-full">
        <caption>Packages {record.id} affects</caption>
        <thead>
          <tr>
            <th scope="col">Package</th>
            <th scope="col">Ecosystem</th>
            <th scope="col">Affected versions</th>
          </tr>
        </thead>
        <tbody>
          {record.affected.map((a, i) => {
            const ranges = a.ranges.flatMap((r) =>
              describeRange(r.events).map((d) => (r.type === "GIT" ? `${d} (commits)` : d)),
            );
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a record may list one package twice
              <tr key={i}>
                <td className="console-code">{a.name ?? a.purl ?? "—"}</td>
                <td>{a.ecosystem ?? "—"}</td>
                <td>
                  {ranges.length > 0 && (
                    <ul className="usa-list margin-0">
                      {ranges.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  )}
                  {a.versions.length > 0 && (
                    <p className="margin-0 font-body-2xs">
                      {a.versions.length} version{a.versions.length === 1 ? "" : "s"} listed:{" "}
                      <span className="console-code">
                        {a.versions.slice(0, 12).join(", ")}
                        {a.versions.length > 12 && ", …"}
                      </span>
                    </p>
                  )}
                  {ranges.length === 0 && a.versions.length === 0 && "—"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}

function AdvisoryRecord({ record }: { readonly record: OsvRecord }) {
  return (
    <article className="margin-bottom-4">
      <h3>{record.id}</h3>
      {record.withdrawn !== undefined && (
        <p className="text-bold">This advisory was withdrawn on {formatDate(record.withdrawn)}.</p>
      )}
      {record.summary !== undefined && <p className="text-bold">{record.summary}</p>}
      {record.details !== undefined && <Details text={record.details} />}
      <FactList
        facts={[
          ["Aliases", record.aliases.length > 0 && record.aliases.join(", ")],
          ["Published", record.published && formatDate(record.published)],
          ["Modified", record.modified && formatDate(record.modified)],
        ]}
      />
      <AffectedTable record={record} />
      {record.references.length > 0 && (
        <>
          <p className="text-bold margin-bottom-0">References</p>
          <ul className="usa-list console-references">
            {record.references.map((r) => (
              <li key={r.url}>
                {isWebUrl(r.url) ? (
                  <a className="usa-link" href={r.url} rel="noopener noreferrer" target="_blank">
                    {r.url}
                    <span className="usa-sr-only"> (opens in a new tab)</span>
                  </a>
                ) : (
                  <span className="console-code">{r.url}</span>
                )}
                {r.type !== undefined && <span className="font-body-2xs"> ({r.type.toLowerCase()})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

/**
 * The advisory records (OSV) of the alert's vulnerability group, rendered as text. The group's key
 * may be a CVE with no record of its own, so the records are read by the group's advisory ids.
 */
export function AdvisoryRecords({ vulnerability }: { readonly vulnerability: Schemas["Alert"]["vulnerability"] }) {
  const ids = vulnerability.ids.length > 0 ? vulnerability.ids : [vulnerability.id];
  const records = useQueries({
    queries: ids.map((id) => ({
      queryKey: ["vulns", id],
      queryFn: async () => readOsvRecord(await unwrap(api.GET("/v1/vulns/{id}", { params: { path: { id } } })), id),
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
        return <AdvisoryRecord key={id} record={q.data} />;
      })}
    </section>
  );
}

import { unwrap } from "@bulwark/api-contract";
import { useQuery } from "@tanstack/react-query";
import { Label, Table, Tag } from "@trussworks/react-uswds";
import { type FormEvent, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api.ts";
import { formatDate } from "../../components/format.ts";
import { SeverityTag } from "../../components/osv/SeverityTag.tsx";
import { Page } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { TableRegion } from "../../components/TableRegion.tsx";

// The server's limits for q and limit (GET /api/v1/knowledge/search).
const MIN_QUERY = 2;
const MAX_QUERY = 200;
const LIMIT = 50;

async function search(q: string) {
  return unwrap(api.GET("/api/v1/knowledge/search", { params: { query: { q, limit: LIMIT } } }));
}

type Hit = Awaited<ReturnType<typeof search>>["items"][number];

/** The advisory knowledge base: search by id, alias or package; the query lives in the URL (`?q=`). */
export function AdvisoriesPage() {
  const [params, setParams] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  const [draft, setDraft] = useState(q);
  const [problem, setProblem] = useState<string>();
  // Back and forward change the URL: the box follows it.
  useEffect(() => setDraft(q), [q]);
  const valid = q.length >= MIN_QUERY && q.length <= MAX_QUERY;
  const query = useQuery({ queryKey: ["knowledge-search", q], queryFn: () => search(q), enabled: valid });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const wanted = draft.trim();
    if (wanted !== "" && wanted.length < MIN_QUERY) {
      setProblem(`Type at least ${MIN_QUERY} characters.`);
      return;
    }
    setProblem(undefined);
    setParams(wanted === "" ? {} : { q: wanted });
  }

  return (
    <Page title="Advisories" lead="Search the advisory knowledge base: the OSV records this server has imported.">
      <Label htmlFor="advisory-search" className="margin-top-0">
        Search advisories
      </Label>
      <span id="advisory-search-hint" className="usa-hint">
        By advisory id (GHSA-…, PYSEC-…), by alias such as CVE-2020-0601, or by package name such as django — in one
        ecosystem with PyPI:django or a package URL such as pkg:pypi/django. Package names must match exactly.
      </span>
      {problem !== undefined && (
        <span id="advisory-search-error" className="usa-error-message" role="alert">
          {problem}
        </span>
      )}
      <search>
        <form className="usa-search console-search" onSubmit={submit}>
          <input
            id="advisory-search"
            name="q"
            type="search"
            className={`usa-input${problem !== undefined ? " usa-input--error" : ""}`}
            value={draft}
            maxLength={MAX_QUERY}
            autoComplete="off"
            aria-describedby={`advisory-search-hint${problem !== undefined ? " advisory-search-error" : ""}`}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="usa-button">
            Search
          </button>
        </form>
      </search>
      {valid ? (
        <QueryState
          query={query}
          label="matching advisories"
          isEmpty={(data) => data.items.length === 0}
          empty={
            <p role="status">
              No advisory matches “{q}”. Check the spelling, or try the advisory's CVE alias or the package's exact
              name.
            </p>
          }
        >
          {(data) => <Results hits={data.items} q={q} />}
        </QueryState>
      ) : (
        q !== "" && <p>Type at least {MIN_QUERY} characters to search.</p>
      )}
    </Page>
  );
}

function Results({ hits, q }: { readonly hits: readonly Hit[]; readonly q: string }) {
  const caption = `${hits.length} ${hits.length === 1 ? "advisory matches" : "advisories match"} “${q}”`;
  return (
    <>
      {hits.length >= LIMIT && (
        <p>
          Showing the first {LIMIT} results, exact identifier matches first, then the most recently modified. Search for
          an identifier or an ecosystem and package (PyPI:django) to narrow them.
        </p>
      )}
      <TableRegion label={caption}>
        <Table caption={caption} fullWidth striped>
          <thead>
            <tr>
              <th scope="col">Advisory</th>
              <th scope="col">Aliases</th>
              <th scope="col">Summary</th>
              <th scope="col">Packages</th>
              <th scope="col">Known exploited</th>
              <th scope="col">Severity</th>
              <th scope="col">Modified</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((hit) => (
              <tr key={hit.id}>
                <td>
                  <Link to={`/advisories/${encodeURIComponent(hit.id)}`} className="usa-link console-nowrap">
                    {hit.id}
                  </Link>
                  {hit.withdrawn !== undefined && (
                    <>
                      {" "}
                      <Tag className="console-tag">Withdrawn</Tag>
                    </>
                  )}
                </td>
                <td>{hit.aliases.length === 0 ? "—" : hit.aliases.join(", ")}</td>
                <td>{hit.summary ?? "—"}</td>
                <td>
                  <Packages packages={hit.packages} />
                </td>
                <td>{hit.kev ? <Tag className="console-tag console-tag--kev">Known exploited (KEV)</Tag> : "No"}</td>
                <td>
                  {hit.severity === undefined ? (
                    "—"
                  ) : (
                    <SeverityTag level={hit.severity.level} score={hit.severity.score} />
                  )}
                </td>
                <td className="console-nowrap">{formatDate(hit.modified)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableRegion>
    </>
  );
}

// Some advisories name dozens of packages; the cell shows a few and says how many more.
const SHOWN_PACKAGES = 5;

function Packages({ packages }: { readonly packages: Hit["packages"] }) {
  if (packages.length === 0) return <span>—</span>;
  const shown = packages.slice(0, SHOWN_PACKAGES);
  return (
    <ul className="console-list">
      {shown.map((p) => (
        <li key={`${p.ecosystem}:${p.name}`}>
          {p.ecosystem}: {p.name}
        </li>
      ))}
      {packages.length > SHOWN_PACKAGES && <li>and {packages.length - SHOWN_PACKAGES} more</li>}
    </ul>
  );
}

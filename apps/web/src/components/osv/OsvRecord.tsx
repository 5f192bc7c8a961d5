import { Alert, AlertText, Tag } from "@trussworks/react-uswds";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { formatDate } from "../format.ts";
import { DataList } from "./DataList.tsx";
import { below, Heading, type Level } from "./Heading.tsx";
import { OsvAffectedList } from "./OsvAffected.tsx";
import { isWebUrl, type OsvCredit, type OsvRecord, type OsvReference } from "./osv.ts";
import { SeverityVectors } from "./SeverityVectors.tsx";

/**
 * One OSV record rendered for people: summary, identifiers and dates, severity vectors, the details
 * as text paragraphs (never as HTML), affected packages with their ranges and versions, references
 * as external links and the database's own data as definition lists — never raw JSON.
 *
 * Parse the server's JSON with `parseOsvRecord` first. `level` is the heading level of the record's
 * sections (2 on a page of its own, 3 inside a page's "Advisory" section, e.g. on an alert), so the
 * page's outline stays in order; `linkIds` turns aliases and related ids into links to
 * the knowledge-base search for them (`/advisories?q=`).
 */
export function OsvRecordView({
  record,
  level = 2,
  linkIds = true,
}: {
  readonly record: OsvRecord;
  readonly level?: Level;
  readonly linkIds?: boolean;
}) {
  const sub = below(level);
  return (
    <div className="console-osv">
      {record.withdrawn !== undefined && (
        <Alert type="warning" slim>
          <AlertText>
            This record was withdrawn on {formatDate(record.withdrawn)}: it no longer describes a vulnerability.
          </AlertText>
        </Alert>
      )}
      {record.summary !== undefined && <p className="usa-intro console-osv__summary">{record.summary}</p>}
      <dl className="console-dl">
        <Row term="Identifier">
          <code className="console-code">{record.id}</code>
        </Row>
        <Row term="Aliases">
          <Ids ids={record.aliases} link={linkIds} />
        </Row>
        {record.related.length > 0 && (
          <Row term="Related">
            <Ids ids={record.related} link={linkIds} />
          </Row>
        )}
        {record.upstream.length > 0 && (
          <Row term="Upstream">
            <Ids ids={record.upstream} link={linkIds} />
          </Row>
        )}
        <Row term="Published">{formatDate(record.published)}</Row>
        <Row term="Modified">{formatDate(record.modified)}</Row>
        {record.withdrawn !== undefined && (
          <Row term="Withdrawn">
            <Tag className="console-tag">Withdrawn</Tag> {formatDate(record.withdrawn)}
          </Row>
        )}
        {record.schemaVersion !== undefined && <Row term="OSV schema version">{record.schemaVersion}</Row>}
      </dl>

      <Heading level={level}>Severity</Heading>
      {record.severity.length === 0 ? (
        <p>
          The record gives no severity score
          {record.affected.some((a) => a.severity.length > 0) && " of its own; see the packages below"}.
        </p>
      ) : (
        <SeverityVectors severity={record.severity} caption={`Severity scores of ${record.id}`} />
      )}

      <Heading level={level}>Details</Heading>
      <Details text={record.details} />

      <Heading level={level}>Affected packages</Heading>
      <OsvAffectedList affected={record.affected} level={sub} />

      <Heading level={level}>References</Heading>
      <References references={record.references} />

      {record.credits.length > 0 && (
        <>
          <Heading level={level}>Credits</Heading>
          <Credits credits={record.credits} />
        </>
      )}

      {record.databaseSpecific !== undefined && (
        <>
          <Heading level={level}>Database-specific data</Heading>
          <DataList data={record.databaseSpecific} />
        </>
      )}
    </div>
  );
}

function Row({ term, children }: { readonly term: string; readonly children: ReactNode }) {
  return (
    <div className="console-dl__row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Ids({ ids, link }: { readonly ids: readonly string[]; readonly link: boolean }) {
  if (ids.length === 0) return <span>none</span>;
  return (
    <ul className="console-inline-list">
      {ids.map((id) => (
        <li key={id}>
          {link ? (
            // A search, not /advisories/:id: an alias is rarely a record of its own, and the search finds both.
            <Link to={`/advisories?q=${encodeURIComponent(id)}`} className="usa-link">
              {id}
            </Link>
          ) : (
            id
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * The details as plain-text paragraphs: blank lines split paragraphs, single line breaks stay
 * (CSS pre-line). React escapes the text, so markup in a record is shown, never run.
 */
function Details({ text }: { readonly text: string | undefined }) {
  if (text === undefined) return <p>The record has no details.</p>;
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return (
    <div className="console-osv__details">
      {paragraphs.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one fixed text
        <p key={i} className="console-preline">
          {p}
        </p>
      ))}
    </div>
  );
}

function References({ references }: { readonly references: readonly OsvReference[] }) {
  if (references.length === 0) return <p>The record lists no references.</p>;
  return (
    <ul className="console-references">
      {references.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a record may list one URL under two types
        <li key={i}>
          <Tag className="console-tag console-tag--ref">{r.type.toLowerCase().replace(/_/g, " ")}</Tag>{" "}
          {isWebUrl(r.url) ? (
            <a href={r.url} className="usa-link usa-link--external console-break" rel="noreferrer" target="_blank">
              {r.url}
              <span className="usa-sr-only"> (opens in a new tab)</span>
            </a>
          ) : (
            // Not http(s): shown as text so a javascript: or data: URL can never run.
            <code className="console-code console-break">{r.url}</code>
          )}
        </li>
      ))}
    </ul>
  );
}

function Credits({ credits }: { readonly credits: readonly OsvCredit[] }) {
  return (
    <dl className="console-dl">
      {credits.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: two credits may share a name
        <div key={i} className="console-dl__row">
          <dt>{c.name}</dt>
          <dd>
            {c.type === undefined ? "Credited" : c.type.toLowerCase().replace(/_/g, " ")}
            {c.contact.length > 0 && (
              <ul className="console-list">
                {c.contact.map((contact) => (
                  <li key={contact}>
                    {isWebUrl(contact) ? (
                      <a href={contact} className="usa-link usa-link--external console-break" rel="noreferrer">
                        {contact}
                      </a>
                    ) : (
                      <span className="console-break">{contact}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

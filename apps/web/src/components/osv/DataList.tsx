import { humanise } from "../format.ts";
import { isWebUrl } from "./osv.ts";

// Free-form data (database_specific, ecosystem_specific) can nest without end; past this depth the
// rest is summarised rather than drawn.
const MAX_DEPTH = 4;
const MAX_ITEMS = 50;

/**
 * Free-form JSON data shown as text: an object as a definition list, an array as a list, a
 * scalar as its words. Nested values nest the same way, so users never see raw JSON.
 */
export function DataList({ data }: { readonly data: Readonly<Record<string, unknown>> }) {
  return <ObjectList data={data} depth={0} />;
}

function ObjectList({ data, depth }: { readonly data: Readonly<Record<string, unknown>>; readonly depth: number }) {
  const entries = Object.entries(data).filter(([, v]) => v !== null && v !== undefined);
  if (entries.length === 0) return <span>none</span>;
  return (
    <dl className="console-dl">
      {entries.slice(0, MAX_ITEMS).map(([key, value]) => (
        <div key={key} className="console-dl__row">
          <dt>{humanise(key)}</dt>
          <dd>
            <Value value={value} depth={depth + 1} />
          </dd>
        </div>
      ))}
      {entries.length > MAX_ITEMS && (
        <div className="console-dl__row">
          <dt>More</dt>
          <dd>{entries.length - MAX_ITEMS} more fields not shown</dd>
        </div>
      )}
    </dl>
  );
}

function Value({ value, depth }: { readonly value: unknown; readonly depth: number }) {
  if (value === null || value === undefined) return <span>none</span>;
  if (typeof value === "boolean") return <span>{value ? "yes" : "no"}</span>;
  if (typeof value === "string" && isWebUrl(value)) {
    return (
      <a href={value} className="usa-link usa-link--external console-break" rel="noreferrer">
        {value}
      </a>
    );
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") {
    return <span className="console-preline">{String(value)}</span>;
  }
  if (depth >= MAX_DEPTH) return <span>(nested data not shown)</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span>none</span>;
    return (
      <ul className="console-list">
        {value.slice(0, MAX_ITEMS).map((v, i) => (
          // Array items have no identity of their own; the position is the key.
          // biome-ignore lint/suspicious/noArrayIndexKey: static list, never reordered
          <li key={i}>
            <Value value={v} depth={depth + 1} />
          </li>
        ))}
        {value.length > MAX_ITEMS && <li>{value.length - MAX_ITEMS} more not shown</li>}
      </ul>
    );
  }
  if (typeof value === "object") return <ObjectList data={value as Record<string, unknown>} depth={depth} />;
  return <span>{String(value)}</span>;
}

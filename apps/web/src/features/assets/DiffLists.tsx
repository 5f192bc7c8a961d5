import type { Schemas } from "@bulwark/api-contract";

const SHOWN = 100;

function Capped<T>({ items, render }: { readonly items: readonly T[]; readonly render: (item: T) => string }) {
  const more = items.length - SHOWN;
  return (
    <ul className="usa-list console-diff-list">
      {items.slice(0, SHOWN).map((item) => {
        const text = render(item);
        return (
          <li key={text} className="console-code">
            {text}
          </li>
        );
      })}
      {more > 0 && <li>and {more} more</li>}
    </ul>
  );
}

/** What an upload changed against the one before: components added, removed and changed version, as lists. */
export function DiffLists({ diff }: { readonly diff: Schemas["InventoryDiff"] }) {
  const { added, removed, changed } = diff;
  if (added.length + removed.length + changed.length === 0) return <p>No component changed.</p>;
  return (
    <div className="console-diff">
      {added.length > 0 && (
        <div>
          <p className="text-bold margin-bottom-0">Added ({added.length})</p>
          <Capped items={added} render={(c) => `${c.ecosystem}: ${c.name}@${c.version}`} />
        </div>
      )}
      {removed.length > 0 && (
        <div>
          <p className="text-bold margin-bottom-0">Removed ({removed.length})</p>
          <Capped items={removed} render={(c) => `${c.ecosystem}: ${c.name}@${c.version}`} />
        </div>
      )}
      {changed.length > 0 && (
        <div>
          <p className="text-bold margin-bottom-0">Changed version ({changed.length})</p>
          <Capped items={changed} render={(c) => `${c.ecosystem}: ${c.name} ${c.from} → ${c.to}`} />
        </div>
      )}
    </div>
  );
}

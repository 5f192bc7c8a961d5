import type { ReactNode } from "react";

/** One fact: its name and value; a value of undefined, null or "" is left out. */
export type Fact = readonly [term: string, value: ReactNode];

/** Facts about a record as a description list (name, value), skipping those without a value. */
export function FactList({ facts }: { readonly facts: readonly Fact[] }) {
  const shown = facts.filter(([, v]) => v !== undefined && v !== null && v !== "");
  return (
    <dl className="console-facts">
      {shown.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

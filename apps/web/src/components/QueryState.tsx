import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { Loading } from "./Loading.tsx";

/**
 * One place for a query's three states: a loading notice, the error with its code, or the page's
 * content; `isEmpty` and `empty` give the empty state its own words.
 */
export function QueryState<T>({
  query,
  label,
  isEmpty,
  empty,
  children,
}: {
  readonly query: UseQueryResult<T>;
  /** What is loading, for the notice ("alerts", "the asset"). */
  readonly label: string;
  readonly isEmpty?: (data: T) => boolean;
  readonly empty?: ReactNode;
  readonly children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={label} />;
  if (query.isError) return <ErrorAlert error={query.error} heading={`Could not load ${label}`} />;
  if (isEmpty?.(query.data) === true) return <>{empty}</>;
  return <>{children(query.data)}</>;
}

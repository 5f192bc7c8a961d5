import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../../api.ts";
import { ACTIVE_STATUSES } from "../../components/alert-facts.ts";

/** Filters of the alert list, as the URL and the API name them. */
export interface AlertFilter {
  readonly orgId: string;
  /** One status or several separated by commas. */
  readonly status?: string;
  readonly overdue?: boolean;
  readonly assetId?: string;
  readonly vuln?: string;
}

/** The status filter meaning "being dealt with". */
export const ACTIVE_FILTER = ACTIVE_STATUSES.join(",");

/** Every query key of alert lists starts with this, so one invalidation refreshes them all. */
export const ALERTS_KEY = ["alerts"] as const;

/** One page of an organisation's alerts, most urgent first. */
export async function loadAlertPage(filter: AlertFilter, cursor: string | undefined, limit = 50) {
  const query = {
    orgId: filter.orgId,
    limit,
    ...(filter.status !== undefined && filter.status !== "" && { status: filter.status }),
    ...(filter.overdue === true && { overdue: true }),
    ...(filter.assetId !== undefined && filter.assetId !== "" && { assetId: filter.assetId }),
    ...(filter.vuln !== undefined && filter.vuln !== "" && { vuln: filter.vuln }),
    ...(cursor !== undefined && { cursor }),
  };
  return unwrap(api.GET("/api/v1/alerts", { params: { query } }));
}

/** The alerts matching a filter, page by page ("Show more" loads the next). */
export function useAlertPages(filter: AlertFilter | undefined, limit = 50) {
  return useInfiniteQuery({
    queryKey: [...ALERTS_KEY, "list", filter, limit],
    queryFn: ({ pageParam }) => loadAlertPage(filter as AlertFilter, pageParam, limit),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    enabled: filter !== undefined,
  });
}

/**
 * Up to `max` active alerts of the organisation, soonest deadline first (overdue ones lead). The
 * list endpoint orders by priority only, so the due-date order is made here.
 */
export async function loadActiveByDueDate(orgId: string, max = 1000): Promise<Schemas["Alert"][]> {
  const all: Schemas["Alert"][] = [];
  let cursor: string | undefined;
  do {
    const page = await loadAlertPage({ orgId, status: ACTIVE_FILTER }, cursor, 200);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined && all.length < max);
  return all.sort(byDueDate);
}

/** Soonest due date first, alerts without one last; equal dates by priority. */
export function byDueDate(a: Schemas["Alert"], b: Schemas["Alert"]): number {
  const da = a.dueAt ?? "9999-12-31";
  const db = b.dueAt ?? "9999-12-31";
  if (da !== db) return da < db ? -1 : 1;
  return (b.priority ?? 0) - (a.priority ?? 0);
}

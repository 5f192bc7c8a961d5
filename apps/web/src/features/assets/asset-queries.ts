import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api.ts";

/** Query keys of asset data; invalidating `["assets"]` refreshes lists and details. */
export const assetKeys = {
  all: ["assets"] as const,
  list: (orgId: string | undefined) => ["assets", "list", orgId] as const,
  one: (id: string) => ["assets", "one", id] as const,
  inventories: (id: string) => ["assets", "inventories", id] as const,
  components: (id: string, q: string) => ["assets", "components", id, q] as const,
};

/** Every asset of the organisation, page by page, in name order. */
export async function loadAllAssets(orgId: string): Promise<Schemas["Asset"][]> {
  const all: Schemas["Asset"][] = [];
  let cursor: string | undefined;
  do {
    const query = { orgId, limit: 200, ...(cursor !== undefined && { cursor }) };
    const page = await unwrap(api.GET("/api/v1/assets", { params: { query } }));
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return all;
}

/** The organisation's assets (disabled until an organisation is chosen). */
export function useAssets(orgId: string | undefined) {
  return useQuery({
    queryKey: assetKeys.list(orgId),
    queryFn: () => loadAllAssets(orgId as string),
    enabled: orgId !== undefined,
  });
}

/** One asset with its current inventory and alert counts. */
export function useAsset(id: string) {
  return useQuery({
    queryKey: assetKeys.one(id),
    queryFn: () => unwrap(api.GET("/api/v1/assets/{id}", { params: { path: { id } } })),
  });
}

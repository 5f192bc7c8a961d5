import { unwrap } from "@bulwark/api-contract";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api.ts";
import { useOrg } from "../../app/org.tsx";

/** What the first-run screen needs: counts of advisories, organisations and assets, and the demo's state. */
export function useSetupStatus() {
  return useQuery({
    queryKey: ["setup"],
    queryFn: () => unwrap(api.GET("/api/v1/setup")),
  });
}

/**
 * Load the demo (platform admins): real advisories, an operator organisation and three assets with
 * alerts. On success the console refreshes what it knows and shows the demo organisation.
 */
export function useDemoSeed() {
  const queries = useQueryClient();
  const org = useOrg();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/demo/seed")),
    onSuccess: async (result) => {
      org.choose(result.orgId);
      await Promise.all(
        [["setup"], ["orgs"], ["alerts"], ["assets"]].map((queryKey) => queries.invalidateQueries({ queryKey })),
      );
    },
  });
}

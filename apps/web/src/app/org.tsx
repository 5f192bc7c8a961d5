import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useMemo, useState } from "react";
import { api } from "../api.ts";

type Organisation = Schemas["Organisation"];

/** The organisations the user sees, and the operator organisation the operator pages show. */
export interface OrgState {
  readonly orgs: readonly Organisation[];
  readonly loading: boolean;
  /** The chosen operator organisation, undefined when the user sees none. */
  readonly current?: Organisation;
  choose(orgId: string): void;
}

const OrgContext = createContext<OrgState | undefined>(undefined);
const STORAGE_KEY = "bulwark.org";

/** Every organisation the user may see, page by page (a platform admin sees all of them). */
export async function loadAllOrgs(): Promise<Organisation[]> {
  const all: Organisation[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET("/api/v1/orgs", { params: { query: { limit: 200, ...(cursor && { cursor }) } } }),
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return all;
}

/** Keeps the chosen operator organisation across pages and visits (in localStorage). */
export function OrgProvider({ children }: { children: ReactNode }) {
  const query = useQuery({ queryKey: ["orgs"], queryFn: loadAllOrgs });
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  const value = useMemo<OrgState>(() => {
    const orgs = query.data ?? [];
    const operators = orgs.filter((o) => o.kind === "operator");
    const current = operators.find((o) => o.id === chosen) ?? operators[0];
    return {
      orgs,
      loading: query.isPending,
      ...(current && { current }),
      choose(orgId) {
        localStorage.setItem(STORAGE_KEY, orgId);
        setChosen(orgId);
      },
    };
  }, [query.data, query.isPending, chosen]);
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}

/** The organisations and the chosen operator organisation. */
export function useOrg(): OrgState {
  const state = useContext(OrgContext);
  if (state === undefined) throw new Error("useOrg outside OrgProvider");
  return state;
}

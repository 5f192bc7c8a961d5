import { ApiError, type Schemas, unwrap } from "@bulwark/api-contract";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo } from "react";
import { api, setCsrfToken } from "../api.ts";

type Me = Awaited<ReturnType<typeof loadMe>>;

/** Who is signed in, what they may do, and how to sign in and out. */
export interface SessionState {
  /** Undefined while the first check runs. */
  readonly status: "loading" | "signed-out" | "signed-in";
  readonly me?: Me;
  readonly session?: Schemas["AuthSession"];
  /** Platform roles such as admin and coordinator. */
  hasPlatformRole(role: string): boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

async function loadMe() {
  return unwrap(api.GET("/api/v1/me"));
}

async function loadSession() {
  try {
    const session = await unwrap(api.GET("/api/v1/auth/session"));
    setCsrfToken(session.csrfToken);
    const me = await loadMe();
    return { session, me };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw e;
  }
}

/** Keeps the session for the whole console; pages read it with {@link useSession}. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const current = useQuery({ queryKey: ["session"], queryFn: loadSession, staleTime: 60_000 });

  const signIn = useCallback(
    async (email: string, password: string) => {
      const session = await unwrap(api.POST("/api/v1/auth/login", { body: { email, password } }));
      setCsrfToken(session.csrfToken);
      // Another user's cached data must not show; the session query itself stays subscribed.
      queries.removeQueries({ predicate: (q) => q.queryKey[0] !== "session" });
      await queries.refetchQueries({ queryKey: ["session"] });
    },
    [queries],
  );

  const signOut = useCallback(async () => {
    try {
      await unwrap(api.POST("/api/v1/auth/logout"));
    } finally {
      setCsrfToken(undefined);
      queries.removeQueries({ predicate: (q) => q.queryKey[0] !== "session" });
      queries.setQueryData(["session"], null);
    }
  }, [queries]);

  const value = useMemo<SessionState>(() => {
    const data = current.data;
    const status = current.isPending ? "loading" : data ? "signed-in" : "signed-out";
    return {
      status,
      ...(data && { me: data.me, session: data.session }),
      hasPlatformRole: (role) => data?.me.platformRoles.includes(role) ?? false,
      signIn,
      signOut,
    };
  }, [current.data, current.isPending, signIn, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session: who is signed in and how to sign in or out. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === undefined) throw new Error("useSession outside SessionProvider");
  return state;
}

import { useSession } from "../app/session.tsx";

// The organisation roles whose members may change assets, alerts and deliveries (packages/access).
const WRITERS = new Set(["owner", "admin", "analyst", "member"]);

/**
 * Whether the signed-in user may write for the organisation: the server decides, this only hides
 * buttons that would be refused (a token made read-only or for another organisation also cannot).
 */
export function useCanWrite(orgId: string | undefined): boolean {
  const { me } = useSession();
  if (me === undefined || orgId === undefined) return false;
  if (me.token !== undefined) {
    if (me.token.orgId !== undefined && me.token.orgId !== orgId) return false;
    if (me.token.scopes !== undefined && !me.token.scopes.some((s) => s === "write" || s === "admin")) return false;
  }
  const role = me.memberships.find((m) => m.orgId === orgId)?.role;
  return role !== undefined && WRITERS.has(role);
}

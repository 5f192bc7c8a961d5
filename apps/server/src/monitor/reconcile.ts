import type { ServerSchema } from "@bulwark/db";
import { type Alert, type AlertFacts, AlertRepository, type Asset, factsDiffer, type NewAlert } from "@bulwark/db";
import type { Kysely } from "kysely";
import { alertKey } from "./evaluate.ts";

/** Why a reconciliation runs: it decides what an alert that is no longer found means. */
export type ReconcileCause =
  /** A new inventory: a vulnerability no longer found was fixed (or its package removed) by that upload. */
  | { readonly kind: "upload"; readonly inventoryId: string }
  /** Advisories changed: one no longer found was withdrawn, dropped, or corrected. */
  | { readonly kind: "advisories"; readonly gone: ReadonlySet<string> }
  /**
   * The asset's profile changed (criticality, exposure): facts are re-decided; a vulnerability no
   * longer found is left for the monitor, whose pass over the change will say why.
   */
  | { readonly kind: "refresh" };

/** What one reconciliation changed. */
export interface ReconcileCounts {
  opened: number;
  updated: number;
  reopened: number;
  remediated: number;
  closed: number;
}

/** A zero {@link ReconcileCounts}. */
export function noChanges(): ReconcileCounts {
  return { opened: 0, updated: 0, reopened: 0, remediated: 0, closed: 0 };
}

// Statuses a vanished vulnerability resolves. not-affected stays as the operator said: it is
// already resolved, and re-labelling it would rewrite their VEX statement.
const RESOLVABLE = new Set(["open", "acknowledged", "in-progress", "risk-accepted"]);
const RESOLVED_BY_SYSTEM = new Set(["remediated", "closed"]);

const pkgKey = (a: { ecosystem: string; normalizedName: string }) => `${a.ecosystem}\u0000${a.normalizedName}`;

/**
 * Bring an asset's alerts within a scope (the packages just evaluated) in line with what the
 * knowledge base says now, inside the caller's transaction: open alerts for new findings, refresh
 * the facts of known ones (a new KEV listing moves the due date), reopen ones that were resolved
 * but are found again (or whose risk acceptance expired), and resolve those no longer found —
 * remediated with the upload as evidence, or closed when their advisory went away. A group whose
 * key changed (a CVE alias arrived for a GHSA) keeps its alert: alerts match on shared advisories.
 * With a `sink`, new alerts are added to it for the caller to open in bulk instead of opened here.
 */
export async function reconcileAlerts(
  trx: Kysely<ServerSchema>,
  asset: Pick<Asset, "id" | "orgId" | "name">,
  desired: ReadonlyMap<string, AlertFacts>,
  existing: readonly Alert[],
  cause: ReconcileCause,
  now: Date,
  sink?: NewAlert[],
): Promise<ReconcileCounts> {
  const repo = new AlertRepository(trx);
  const counts = noChanges();
  const today = now.toISOString().slice(0, 10);
  const byKey = new Map(existing.map((a) => [alertKey(a.ecosystem, a.normalizedName, a.vulnId), a]));
  const unmatched = new Set(existing);
  const matched: [AlertFacts, Alert | undefined][] = [];
  for (const [key, facts] of desired) {
    let alert = byKey.get(key);
    if (alert === undefined || !unmatched.has(alert)) {
      alert = [...unmatched].find(
        (a) => pkgKey(a) === pkgKey(facts) && a.advisoryIds.some((id) => facts.advisoryIds.includes(id)),
      );
    }
    if (alert !== undefined) unmatched.delete(alert);
    matched.push([facts, alert]);
  }
  const opening: NewAlert[] = sink ?? [];
  const before = opening.length;
  for (const [facts, alert] of matched) {
    if (alert === undefined) {
      opening.push({
        orgId: asset.orgId,
        assetId: asset.id,
        facts,
        details: {
          assetId: asset.id,
          assetName: asset.name,
          package: facts.packageName,
          version: facts.versions.join(", "),
          severity: facts.severity.level,
          ...(cause.kind === "upload" && { inventoryId: cause.inventoryId }),
        },
      });
      continue;
    }
    if (factsDiffer(alert, facts)) {
      await repo.updateFacts(alert, facts, now);
      counts.updated++;
    }
    if (RESOLVED_BY_SYSTEM.has(alert.status)) {
      await repo.setBySystem(alert, "open", now, {
        reason: `found again in ${facts.packageName} ${facts.versions.join(", ")}`,
        ...(cause.kind === "upload" && { details: { inventoryId: cause.inventoryId } }),
      });
      counts.reopened++;
    } else if (alert.status === "risk-accepted" && alert.riskExpiresAt !== undefined && alert.riskExpiresAt < today) {
      await repo.setBySystem(alert, "open", now, { reason: `risk acceptance expired on ${alert.riskExpiresAt}` });
      counts.reopened++;
    }
  }
  // With a sink the caller opens them, together with other assets' (a few statements for all).
  if (sink === undefined) await repo.openMany(opening, now);
  counts.opened += opening.length - before;
  for (const alert of unmatched) {
    if (!RESOLVABLE.has(alert.status) || cause.kind === "refresh") continue;
    if (cause.kind === "upload") {
      await repo.setBySystem(alert, "remediated", now, {
        reason: "no longer found in the current inventory",
        evidenceInventoryId: cause.inventoryId,
      });
      counts.remediated++;
    } else {
      const gone = alert.advisoryIds.filter((id) => cause.gone.has(id));
      const reason =
        gone.length > 0
          ? `withdrawn: ${gone.join(", ")}`
          : `advisory corrected: ${alert.advisoryIds.join(", ")} no longer lists ${alert.versions.join(", ")}`;
      await repo.setBySystem(alert, "closed", now, { reason });
      counts.closed++;
    }
  }
  return counts;
}

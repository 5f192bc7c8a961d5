import { randomUUID } from "node:crypto";
import type { ServerDb } from "@bulwark/db";
import { normalizePackageName } from "@bulwark/versions";

// Test support: alerts written as rows, the way the monitor leaves them, so bulletin and
// sector-view tests can build an exact dataset without advisories and inventory matching.

/** An alert row to insert; everything but the keys has a plain default. */
export interface TestAlert {
  readonly orgId: string;
  readonly assetId: string;
  readonly vulnId: string;
  readonly ecosystem?: string;
  readonly name?: string;
  readonly version?: string;
  readonly status?: string;
  readonly severity?: string;
  readonly fixedVersions?: readonly string[];
  readonly firstDetectedAt?: string;
  readonly dueAt?: string;
  readonly resolvedAt?: string;
}

/**
 * Insert an alert and its history: the monitor's `open` event, then (for any other status) the
 * change to it, as a user's would be. Answers the alert's id.
 */
export async function insertAlert(db: ServerDb, alert: TestAlert, now: Date): Promise<string> {
  const id = randomUUID();
  const name = alert.name ?? "demo";
  const ecosystem = alert.ecosystem ?? "PyPI";
  const detected = alert.firstDetectedAt ?? now.toISOString();
  const status = alert.status ?? "open";
  await db.kysely
    .insertInto("alerts")
    .values({
      id,
      org_id: alert.orgId,
      asset_id: alert.assetId,
      ecosystem,
      package_name: name,
      normalized_name: normalizePackageName(ecosystem, name),
      version: alert.version ?? "1.0",
      purl: null,
      vuln_id: alert.vulnId,
      advisory_ids: JSON.stringify([alert.vulnId]),
      aliases: "[]",
      summary: `Flaw in ${name}`,
      severity: alert.severity ?? "high",
      severity_score: null,
      severity_vector: null,
      kev: null,
      epss: null,
      ssvc: null,
      ssvc_decision: null,
      timeline: null,
      priority: 0,
      fixed_versions: JSON.stringify(alert.fixedVersions ?? []),
      first_detected_at: detected,
      clock_start: detected.slice(0, 10),
      due_at: alert.dueAt ?? null,
      status,
      status_reason: null,
      justification: status === "not-affected" ? "vulnerable_code_not_present" : null,
      risk_expires_at: null,
      resolved_at: alert.resolvedAt ?? null,
      evidence_inventory_id: null,
      created_at: detected,
      updated_at: now.toISOString(),
    })
    .execute();
  await insertEvent(db, id, alert.orgId, null, "open", detected);
  if (status !== "open") await insertEvent(db, id, alert.orgId, "open", status, now.toISOString());
  return id;
}

/** One `alert_events` row (a reopening, a status change). */
export async function insertEvent(
  db: ServerDb,
  alertId: string,
  orgId: string,
  from: string | null,
  to: string,
  at: string,
): Promise<void> {
  await db.kysely
    .insertInto("alert_events")
    .values({
      alert_id: alertId,
      org_id: orgId,
      at,
      actor: null,
      from_status: from,
      to_status: to,
      note: null,
      details: null,
    })
    .execute();
}

import { createHash } from "node:crypto";
import { BulwarkError } from "@bulwark/core";
import {
  AlertRepository,
  type Asset,
  AssetRepository,
  appendAudit,
  type InventoryDiff,
  type InventoryRecord,
  type ServerDb,
} from "@bulwark/db";
import type { ExtractNote } from "@bulwark/extractors";
import { desiredAlerts } from "../monitor/evaluate.ts";
import { reconcileAlerts } from "../monitor/reconcile.ts";
import type { SharedKnowledge } from "../monitor/shared-knowledge.ts";
import { parseInventoryUpload } from "./inventory-upload.ts";

/** Who stored an inventory, for its record and the audit entry. */
export interface IngestActor {
  /** The uploading user; absent for the server's own uploads (the demo seed from the CLI). */
  readonly userId?: string;
  readonly requestId?: string;
}

/** What storing an inventory did. */
export interface IngestResult {
  readonly inventory: InventoryRecord;
  readonly diff: InventoryDiff;
  /** What matching it did to the asset's alerts (see `reconcileAlerts`). */
  readonly alerts: Awaited<ReturnType<typeof reconcileAlerts>>;
  readonly warnings: readonly ExtractNote[];
}

/**
 * Store an uploaded inventory as the asset's current one and match it at once: parse the bytes
 * (`parseInventoryUpload`), decide the alerts against the knowledge base (SSVC, timeline, due
 * dates, KEV and EPSS), then write the inventory, the alerts and the audit entry in one
 * transaction. The upload route and the demo seed both store inventories through this, so a
 * seeded asset's alerts are exactly what an operator's upload would get.
 */
export async function ingestInventory(
  db: ServerDb,
  shared: SharedKnowledge,
  asset: Asset,
  bytes: Uint8Array,
  filename: string,
  actor: IngestActor,
  now: Date,
): Promise<IngestResult> {
  if (bytes.byteLength === 0) {
    throw new BulwarkError("BULWARK_INVENTORY_INVALID", "the upload is empty", {
      details: { filename, problems: [{ code: "BULWARK_INVENTORY_INVALID", message: "the upload is empty" }] },
    });
  }
  const parsed = await parseInventoryUpload(bytes, filename);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  // Matched before the transaction (it reads the knowledge base, which a SQLite transaction
  // would hold up); its alerts are written with the inventory, so both or neither commit.
  const warm = await shared.get();
  const desired = await desiredAlerts(warm.knowledge, asset, parsed.components, now, warm.matcher);
  const { inventory, alerts } = await db.kysely.transaction().execute(async (trx) => {
    const stored = await new AssetRepository(trx).addInventory(
      asset.id,
      parsed.components,
      {
        format: parsed.format,
        filename,
        sha256,
        ...(actor.userId !== undefined && { uploadedBy: actor.userId }),
      },
      now,
    );
    const existing = await new AlertRepository(trx).ofAsset(asset.id);
    const counts = await reconcileAlerts(
      trx,
      asset,
      desired,
      existing,
      { kind: "upload", inventoryId: stored.id },
      now,
    );
    await appendAudit(trx, {
      at: now.toISOString(),
      action: "inventory.upload",
      ...(actor.userId !== undefined && { actorUserId: actor.userId }),
      actorOrgId: asset.orgId,
      ...(actor.requestId !== undefined && { requestId: actor.requestId }),
      objectType: "asset",
      objectId: asset.id,
      details: {
        inventoryId: stored.id,
        seq: stored.seq,
        format: stored.format,
        filename,
        sha256,
        components: stored.componentCount,
        alerts: counts,
      },
    });
    return { inventory: stored, alerts: counts };
  });
  const assets = new AssetRepository(db.kysely);
  const previous = (await assets.inventoryHistory(asset.id, { beforeSeq: inventory.seq, limit: 1 }))[0];
  const diff = await assets.diff(previous?.id, inventory.id);
  return { inventory, diff, alerts, warnings: parsed.warnings };
}

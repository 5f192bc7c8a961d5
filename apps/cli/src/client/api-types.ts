// The shapes of the server's answers the CLI reads, as apps/server's routes declare them
// (their JSON Schemas are in /openapi.json). Only what the CLI uses is required here.

/** `GET /api/v1/me`. */
export interface Me {
  readonly id: string;
  readonly email: string;
  readonly memberships: readonly { readonly orgId: string; readonly role: string }[];
  readonly platformRoles: readonly string[];
  readonly token?: { readonly id: string; readonly scopes: readonly string[]; readonly orgId?: string };
}

/** An organisation. */
export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly sector?: string;
  readonly createdAt: string;
}

/** `POST /api/v1/tokens` with a role: the secret is in this answer only. */
export interface CreatedToken {
  readonly token: {
    readonly id: string;
    readonly name: string;
    readonly prefix: string;
    readonly orgId?: string;
    readonly scopes: readonly string[];
    readonly createdAt: string;
    readonly expiresAt?: string;
  };
  readonly secret: string;
  readonly role?: string;
}

/** An inventory upload's record. */
export interface InventoryRecord {
  readonly id: string;
  readonly assetId: string;
  readonly seq: number;
  readonly uploadedAt: string;
  readonly format: string;
  readonly filename?: string;
  readonly componentCount: number;
  readonly sha256: string;
}

/** An asset. */
export interface Asset {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly kind: string;
  readonly environment?: string;
  readonly criticality: string;
  readonly exposed: boolean;
  readonly owner?: string;
  readonly tags: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly currentInventory?: InventoryRecord;
  /** Alerts being dealt with, and how many are past due (lists and reads of one asset). */
  readonly alerts?: { readonly active: number; readonly overdue: number };
}

/** A component in a diff. */
export interface DiffComponent {
  readonly ecosystem: string;
  readonly name: string;
  readonly version: string;
  readonly purl?: string;
}

/** `POST /api/v1/assets/{id}/inventories`. `alerts` is there once the server monitors uploads. */
export interface UploadAnswer {
  readonly inventory: InventoryRecord;
  readonly diff: {
    readonly added: readonly DiffComponent[];
    readonly removed: readonly DiffComponent[];
    readonly changed: readonly {
      readonly ecosystem: string;
      readonly name: string;
      readonly from: string;
      readonly to: string;
    }[];
  };
  readonly warnings: readonly { readonly code: string; readonly message: string; readonly line?: number }[];
  readonly alerts?: unknown;
}

export type { AlertStatus } from "@bulwark/db";

/** `GET /api/v1/alerts` items: one vulnerability in one package of one asset. */
export interface AlertView {
  readonly id: string;
  readonly orgId: string;
  readonly asset: { readonly id: string; readonly name: string };
  readonly package: {
    readonly ecosystem: string;
    readonly name: string;
    readonly version: string;
    readonly purl?: string;
  };
  readonly vulnerability: {
    readonly id: string;
    readonly ids: readonly string[];
    readonly aliases: readonly string[];
    readonly summary?: string;
  };
  readonly severity: { readonly level: string; readonly score?: number; readonly vector?: string };
  readonly kev: { readonly cve: string; readonly dateAdded: string; readonly dueDate?: string } | null;
  readonly epss: { readonly cve: string; readonly probability: number; readonly percentile: number } | null;
  readonly ssvc: { readonly decision: string } | null;
  readonly timeline: { readonly policy: string; readonly label: string; readonly days?: number } | null;
  readonly dueAt: string | null;
  readonly overdue?: boolean;
  readonly status: string;
}

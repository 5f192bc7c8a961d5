// The shapes of the server's answers the CLI reads. Named schemas come from the typed contract
// generated from the server's OpenAPI document; the rest are the parts the CLI uses.
import type { Schemas } from "@bulwark/api-contract";

/** `GET /api/v1/me`. */
export interface Me {
  readonly id: string;
  readonly email: string;
  readonly memberships: readonly { readonly orgId: string; readonly role: string }[];
  readonly platformRoles: readonly string[];
  readonly token?: { readonly id: string; readonly scopes: readonly string[]; readonly orgId?: string };
}

/** An organisation. */
export type Organisation = Schemas["Organisation"];

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
export type InventoryRecord = Schemas["Inventory"];

/** An asset, with its current inventory and active/overdue alert counts. */
export type Asset = Schemas["Asset"];

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
export type AlertView = Schemas["Alert"];

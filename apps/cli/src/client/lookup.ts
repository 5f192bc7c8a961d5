import { BulwarkError } from "@bulwark/core";
import type { ApiClient } from "./api-client.ts";
import type { Asset, Me, Organisation } from "./api-types.ts";

/** An organisation the caller can see, by id or exact name. */
export async function findOrg(client: ApiClient, ref: string): Promise<Organisation> {
  const orgs = await client.all<Organisation>("/api/v1/orgs");
  const found = orgs.find((o) => o.id === ref) ?? orgs.find((o) => o.name === ref);
  if (found === undefined) {
    throw new BulwarkError(
      "BULWARK_OBJECT_NOT_FOUND",
      `no organisation ${JSON.stringify(ref)} is visible to this token`,
      {
        hint: "`bulwark orgs list` shows the organisations you can see, by name and id.",
      },
    );
  }
  return found;
}

/**
 * The organisation a command acts for: `--org` when given, else the token's own organisation, else
 * the caller's only membership; `undefined` when none of these decides.
 */
export async function orgIdFor(client: ApiClient, ref: string | undefined): Promise<string | undefined> {
  if (ref !== undefined) return (await findOrg(client, ref)).id;
  const me = await client.get<Me>("/api/v1/me");
  if (me.token?.orgId !== undefined) return me.token.orgId;
  return me.memberships.length === 1 ? me.memberships[0]?.orgId : undefined;
}

/** Like {@link orgIdFor}, but an organisation is required. */
export async function requireOrgId(client: ApiClient, ref: string | undefined): Promise<string> {
  const id = await orgIdFor(client, ref);
  if (id === undefined) {
    throw new BulwarkError("BULWARK_CLI_USAGE", "name the organisation with --org <name|id>", {
      hint: "The token is not made for one organisation and you belong to several (or none); `bulwark orgs list` shows them.",
    });
  }
  return id;
}

/** An organisation's asset by id or name; `undefined` when it has none such. */
export async function findAsset(client: ApiClient, orgId: string, ref: string): Promise<Asset | undefined> {
  const assets = await client.all<Asset>("/api/v1/assets", { orgId });
  return assets.find((a) => a.id === ref) ?? assets.find((a) => a.name === ref);
}

/** Like {@link findAsset}, but a missing asset is BULWARK_OBJECT_NOT_FOUND with a hint. */
export async function requireAsset(client: ApiClient, orgId: string, ref: string): Promise<Asset> {
  const asset = await findAsset(client, orgId, ref);
  if (asset === undefined) {
    throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no asset ${JSON.stringify(ref)} in the organisation`, {
      hint: "`bulwark assets list` shows the organisation's assets; `bulwark assets create` makes one.",
    });
  }
  return asset;
}

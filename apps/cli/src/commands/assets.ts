import { ASSET_CRITICALITIES, ASSET_KINDS } from "@bulwark/db";
import { type Command, Option } from "commander";
import type { ApiClient } from "../client/api-client.ts";
import { type ApiFlags, clientFrom, withApiFlags } from "../client/api-options.ts";
import type { Asset } from "../client/api-types.ts";
import { requireAsset, requireOrgId } from "../client/lookup.ts";
import { usageError } from "../errors.ts";
import { renderTable } from "../io/table.ts";
import { formatOption } from "./orgs.ts";

/** What creating an asset takes from the command line. */
export interface AssetFields {
  kind: string;
  criticality: string;
  exposed?: boolean;
  environment?: string;
  owner?: string;
  tag: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `--kind`, `--criticality`, `--exposed`, `--environment`, `--owner`, `--tag` (for assets create and
 * submit --create), with the defaults given (none: the command decides).
 */
export function withAssetFields(cmd: Command, defaults: { kind?: string; criticality?: string }): Command {
  const kind = new Option("--kind <kind>", "what the asset is").choices(ASSET_KINDS);
  const criticality = new Option("--criticality <level>", "SSVC Mission & Well-being impact of the asset").choices(
    ASSET_CRITICALITIES,
  );
  return cmd
    .addOption(defaults.kind === undefined ? kind : kind.default(defaults.kind))
    .addOption(defaults.criticality === undefined ? criticality : criticality.default(defaults.criticality))
    .option("--exposed", "reachable from the internet (shortens BOD 26-04 deadlines)")
    .option("--environment <env>", "free text, for example production")
    .option("--owner <owner>", "who runs it, free text")
    .option("--tag <tag>", "a tag (repeatable)", collect, []);
}

/** Create an asset in an organisation. */
export function createAsset(client: ApiClient, orgId: string, name: string, f: AssetFields): Promise<Asset> {
  return client.post<Asset>("/api/v1/assets", {
    orgId,
    name,
    kind: f.kind,
    criticality: f.criticality,
    exposed: f.exposed ?? false,
    ...(f.environment !== undefined && { environment: f.environment }),
    ...(f.owner !== undefined && { owner: f.owner }),
    ...(f.tag.length > 0 && { tags: f.tag }),
  });
}

/** `bulwark assets create|update|list`: an operator organisation's assets. */
export function registerAssets(program: Command): void {
  const assets = program.command("assets").description("an operator organisation's assets on a clearinghouse server");
  withApiFlags(
    withAssetFields(
      assets
        .command("create")
        .description("create an asset (a server, application, device, container image or service)")
        .requiredOption("--name <name>", "its name, unique in the organisation")
        .option("--org <name|id>", "the organisation (default: the token's)"),
      { kind: "application", criticality: "medium" },
    ).option("--json", "print the asset as JSON"),
  ).action(async (opts: ApiFlags & AssetFields & { name: string; org?: string; json?: boolean }) => {
    const client = clientFrom(opts);
    const asset = await createAsset(client, await requireOrgId(client, opts.org), opts.name, opts);
    if (opts.json) process.stdout.write(`${JSON.stringify(asset)}\n`);
    else {
      process.stdout.write(
        `created asset ${asset.name} (${asset.kind}, criticality ${asset.criticality}${asset.exposed ? ", exposed" : ""}): ${asset.id}\n`,
      );
    }
  });
  withApiFlags(
    withAssetFields(
      assets
        .command("update")
        .description(
          "change an asset: a new --criticality or --exposed/--not-exposed re-decides its alerts' SSVC and due dates",
        )
        .argument("<asset>", "the asset's name or id")
        .option("--org <name|id>", "the organisation (default: the token's)")
        .option("--rename <name>", "a new name")
        .option("--not-exposed", "no longer reachable from the internet"),
      {},
    ).option("--json", "print the asset as JSON"),
  ).action(
    async (
      ref: string,
      opts: ApiFlags & Partial<AssetFields> & { org?: string; rename?: string; notExposed?: boolean; json?: boolean },
    ) => {
      if (opts.exposed && opts.notExposed) throw usageError("--exposed and --not-exposed contradict each other");
      const client = clientFrom(opts);
      const asset = await requireAsset(client, await requireOrgId(client, opts.org), ref);
      const changes = {
        ...(opts.rename !== undefined && { name: opts.rename }),
        ...(opts.kind !== undefined && { kind: opts.kind }),
        ...(opts.criticality !== undefined && { criticality: opts.criticality }),
        ...(opts.exposed === true && { exposed: true }),
        ...(opts.notExposed === true && { exposed: false }),
        ...(opts.environment !== undefined && { environment: opts.environment }),
        ...(opts.owner !== undefined && { owner: opts.owner }),
        ...(opts.tag !== undefined && opts.tag.length > 0 && { tags: opts.tag }),
      };
      if (Object.keys(changes).length === 0) throw usageError("nothing to change: pass at least one option");
      const after = await client.patch<Asset>(`/api/v1/assets/${asset.id}`, changes);
      if (opts.json) process.stdout.write(`${JSON.stringify(after)}\n`);
      else {
        process.stdout.write(
          `updated asset ${after.name} (${after.kind}, criticality ${after.criticality}${after.exposed ? ", exposed" : ""}): ${after.id}\n`,
        );
      }
    },
  );
  withApiFlags(
    assets
      .command("list")
      .description("the organisation's assets, by name")
      .option("--org <name|id>", "the organisation (default: the token's)")
      .addOption(formatOption()),
  ).action(async (opts: ApiFlags & { org?: string; format: string }) => {
    const client = clientFrom(opts);
    const items = await client.all<Asset>("/api/v1/assets", { orgId: await requireOrgId(client, opts.org) });
    if (opts.format === "json") {
      process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      renderTable(
        [
          "NAME",
          "KIND",
          "CRITICALITY",
          "EXPOSED",
          "ENVIRONMENT",
          "OWNER",
          "COMPONENTS",
          "UPLOADED",
          "ALERTS",
          "OVERDUE",
          "ID",
        ],
        items.map((a) => [
          a.name,
          a.kind,
          a.criticality,
          a.exposed ? "yes" : "no",
          a.environment ?? "-",
          a.owner ?? "-",
          a.currentInventory === undefined ? "-" : String(a.currentInventory.componentCount),
          a.currentInventory === undefined ? "never" : a.currentInventory.uploadedAt.slice(0, 16).replace("T", " "),
          String(a.alerts?.active ?? 0),
          String(a.alerts?.overdue ?? 0),
          a.id,
        ]),
      ),
    );
  });
}

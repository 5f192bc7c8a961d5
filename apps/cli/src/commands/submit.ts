import { basename, resolve } from "node:path";
import { BulwarkError } from "@bulwark/core";
import type { ExtractNote } from "@bulwark/extractors";
import type { Command } from "commander";
import type { ApiClient } from "../client/api-client.ts";
import { type ApiFlags, clientFrom, withApiFlags } from "../client/api-options.ts";
import type { Asset, UploadAnswer } from "../client/api-types.ts";
import { findAsset, requireOrgId } from "../client/lookup.ts";
import { CLI_VERSION } from "../version.ts";
import { type AssetFields, createAsset, withAssetFields } from "./assets.ts";
import { buildInventoryOptions, type ExtractFlags, printNotes, withExtractFlags } from "./extract-options.ts";

interface SubmitOptions extends ApiFlags, ExtractFlags, Partial<AssetFields> {
  asset: string;
  org?: string;
  create?: boolean;
  allowPartial?: boolean;
  allowEmpty?: boolean;
  json?: boolean;
  quiet?: boolean;
}

// Notes that mean a file was not (fully) read, as the server counts them for its own uploads:
// uploading the rest would report that file's packages as removed and close their alerts.
const PARTIAL = new Set<string>([
  "BULWARK_EXTRACT_PARSE_FAILED",
  "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
  "BULWARK_EXTRACT_FILE_TOO_LARGE",
  "BULWARK_WALK_UNREADABLE",
  "BULWARK_INTERNAL_UNEXPECTED",
]);

function notStored(message: string, hint: string, details: Record<string, unknown> = {}): BulwarkError {
  return new BulwarkError("BULWARK_INVENTORY_INVALID", `${message}; nothing was uploaded`, { hint, details });
}

/** What the upload answer says about alerts, once the server reports them: `opened` and the like, counted. */
function alertsLine(alerts: unknown): string | undefined {
  if (Array.isArray(alerts)) return `${alerts.length} alert(s) opened`;
  if (typeof alerts !== "object" || alerts === null) return undefined;
  const parts = Object.entries(alerts as Record<string, unknown>).flatMap(([k, v]) => {
    const n = Array.isArray(v) ? v.length : typeof v === "number" ? v : undefined;
    return n === undefined ? [] : [`${n} ${k}`];
  });
  return parts.length === 0 ? undefined : `alerts: ${parts.join(", ")}`;
}

/** The asset to upload to: the existing one, or (with --create) a new one once the inventory is ready. */
async function assetFor(client: ApiClient, orgId: string, opts: SubmitOptions): Promise<Asset | undefined> {
  const asset = await findAsset(client, orgId, opts.asset);
  if (asset === undefined && !opts.create) {
    throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no asset ${JSON.stringify(opts.asset)} in the organisation`, {
      hint: "Pass --create to create it with this upload (with --kind, --criticality, --exposed), or run `bulwark assets create`.",
    });
  }
  if (asset !== undefined && !opts.quiet) {
    // Stored attributes win: the server has no way yet to change an asset, so say so instead of ignoring flags silently.
    const differs = [
      opts.kind !== undefined && opts.kind !== asset.kind && `--kind ${opts.kind} (it is ${asset.kind})`,
      opts.criticality !== undefined &&
        opts.criticality !== asset.criticality &&
        `--criticality ${opts.criticality} (it is ${asset.criticality})`,
      opts.exposed === true && !asset.exposed && "--exposed (it is not exposed)",
    ].filter((d): d is string => typeof d === "string");
    if (differs.length > 0) {
      process.stderr.write(`warning: asset ${asset.name} exists; ignoring ${differs.join(", ")}\n`);
    }
  }
  return asset;
}

/** `bulwark submit`: inventory locally, then upload the inventory to an asset on the server. */
export function registerSubmit(program: Command): void {
  withApiFlags(
    withExtractFlags(
      withAssetFields(
        program
          .command("submit")
          .description("inventory a directory, lockfile, SBOM or container image here and upload it to an asset")
          .argument("<path...>", "what to inventory, as for `bulwark sbom` (directories, files, image tarballs)")
          .requiredOption("--asset <name|id>", "the asset the inventory belongs to")
          .option("--org <name|id>", "the asset's organisation (default: the token's)")
          .option("--create", "create the asset when the organisation has none of that name"),
        {},
      ),
    )
      .option("--allow-partial", "upload even when some files could not be read (their packages count as removed)")
      .option("--allow-empty", "upload an inventory with no packages (every package counts as removed)")
      .option("--json", "print the server's answer (the stored inventory and its diff) as JSON")
      .option("-q, --quiet", "print nothing on stderr but errors"),
  )
    .addHelpText(
      "after",
      "\nThe inventory is built exactly as `bulwark sbom` builds it and uploaded as Bulwark's native JSON; it\nbecomes the asset's current inventory and the server answers with the difference to the previous one.\nWith --create, a new asset gets --kind (default: container-image for an image, else application),\n--criticality (default medium), --exposed, --environment, --owner and --tag; for an existing asset\nthose flags are ignored. Nothing is uploaded when an input file could not be read (--allow-partial)\nor no package was found (--allow-empty): either would close alerts on packages that are still there.",
    )
    .action(async (paths: string[], opts: SubmitOptions) => {
      const client = clientFrom(opts);
      const inventoryOptions = buildInventoryOptions(opts);
      // Server, token, organisation and asset first: a typo should not wait for a long extraction.
      const orgId = await requireOrgId(client, opts.org);
      let asset = await assetFor(client, orgId, opts);

      const [{ buildInventory }, { inventoryWriterFor }] = await Promise.all([
        import("@bulwark/scanner"),
        import("@bulwark/reporters"),
      ]);
      const inventory = await buildInventory(paths, inventoryOptions);
      if (!opts.quiet) printNotes(inventory.notes, (s) => process.stderr.write(s));
      const partial: ExtractNote[] = inventory.notes.filter((n) => PARTIAL.has(n.code));
      if (partial.length > 0 && !opts.allowPartial) {
        throw notStored(
          `${partial.length} input file(s) could not be read fully (${partial
            .slice(0, 3)
            .map((n) => `${n.path}${n.line === undefined ? "" : `:${n.line}`}: ${n.message}`)
            .join("; ")})`,
          "Fix or regenerate those files, leave them out with --exclude, or pass --allow-partial to upload what was read.",
          { files: partial.map((n) => n.path) },
        );
      }
      if (inventory.packages.length === 0 && !opts.allowEmpty) {
        throw notStored(
          `no packages found in ${paths.join(", ")}`,
          "Check the path (`bulwark sbom --list-extractors` lists what is read), or pass --allow-empty to record that the asset has none.",
        );
      }

      if (asset === undefined) {
        const kind =
          opts.kind ?? (inventory.sources.some((s) => s.kind === "image") ? "container-image" : "application");
        asset = await createAsset(client, orgId, opts.asset, {
          kind,
          criticality: opts.criticality ?? "medium",
          tag: opts.tag ?? [],
          ...(opts.exposed !== undefined && { exposed: opts.exposed }),
          ...(opts.environment !== undefined && { environment: opts.environment }),
          ...(opts.owner !== undefined && { owner: opts.owner }),
        });
        if (!opts.quiet) process.stderr.write(`created asset ${asset.name} (${asset.kind}): ${asset.id}\n`);
      }
      const writer = inventoryWriterFor("json");
      if (writer === undefined) throw new Error("the native inventory writer is not registered");
      const body = writer.render(inventory, { toolName: "bulwark", toolVersion: CLI_VERSION, now: new Date() });
      // Recorded as the upload's file name: what was inventoried, so the history says where it came from.
      const filename =
        paths.length === 1 ? basename(resolve(paths[0] as string)) || "inventory.json" : "inventory.json";
      const answer = await client.upload<UploadAnswer>(
        `/api/v1/assets/${encodeURIComponent(asset.id)}/inventories`,
        body,
        "application/json",
        { filename },
      );
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        return;
      }
      const { inventory: stored, diff } = answer;
      const lines = [
        `uploaded inventory #${stored.seq} of ${asset.name}: ${stored.componentCount} components`,
        `changes since the previous inventory: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`,
      ];
      const alerts = alertsLine(answer.alerts);
      if (alerts !== undefined) lines.push(alerts);
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}

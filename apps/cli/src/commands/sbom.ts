import { BulwarkError } from "@bulwark/core";
import type { Command } from "commander";
import { usageError } from "../errors.ts";
import { writeAtomically } from "../io/write-atomically.ts";
import { CLI_VERSION } from "../version.ts";
import { buildInventoryOptions, type ExtractFlags, printNotes, withExtractFlags } from "./extract-options.ts";

interface SbomOptions extends ExtractFlags {
  format: string;
  output?: string;
  strict?: boolean;
  listExtractors?: boolean;
  quiet?: boolean;
}

/**
 * The `--format` values. Kept here rather than read from @bulwark/reporters so that other
 * commands do not load the SBOM libraries at start-up; a test checks it equals the registry.
 */
export const SBOM_FORMATS = ["json", "cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tag-value"] as const;

/** `bulwark sbom`: list what is installed in directories, lockfiles, SBOMs and container images. */
export function registerSbom(program: Command): void {
  const formats: readonly string[] = SBOM_FORMATS;
  withExtractFlags(
    program
      .command("sbom")
      .description("inventory the packages in directories, lockfiles, SBOMs and container images, as an SBOM")
      .argument("[path...]", "directories, files (lockfiles, SBOMs) or container images (docker save tar, OCI layout)")
      .option("-f, --format <format>", `output format: ${formats.join(", ")}`, "json")
      .option("-o, --output <file>", "write to a file instead of stdout")
      .option("--strict", "exit 3 when any input produced a note (a malformed or unreadable file)"),
  )
    .option("--list-extractors", "list the formats Bulwark reads and exit")
    .option("-q, --quiet", "do not print notes on stderr")
    .action(async (paths: string[], opts: SbomOptions) => {
      // Loaded on use: parsers and SBOM libraries would slow every other command's start-up.
      const [{ EXTRACTORS }, { inventoryWriterFor }, { buildInventory }] = await Promise.all([
        import("@bulwark/extractors"),
        import("@bulwark/reporters"),
        import("@bulwark/scanner"),
      ]);
      if (opts.listExtractors) {
        for (const e of EXTRACTORS) process.stdout.write(`${e.name.padEnd(28)} ${e.description}\n`);
        return;
      }
      if (paths.length === 0) throw usageError("give at least one directory, file or image to inventory");
      const writer = inventoryWriterFor(opts.format);
      if (writer === undefined) {
        throw usageError(`unknown format ${JSON.stringify(opts.format)}`, `Use one of: ${formats.join(", ")}.`);
      }
      const inventory = await buildInventory(paths, buildInventoryOptions(opts));
      const text = writer.render(inventory, { toolName: "bulwark", toolVersion: CLI_VERSION, now: new Date() });
      if (opts.output) await writeAtomically(opts.output, text);
      else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
      if (!opts.quiet) printNotes(inventory.notes, (s) => process.stderr.write(s));
      if (opts.strict && inventory.notes.length > 0) {
        throw new BulwarkError("BULWARK_POLICY_NOTES", `${inventory.notes.length} note(s) were reported (--strict)`);
      }
    });
}

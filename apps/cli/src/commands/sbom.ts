import { BulwarkError } from "@bulwark/core";
import type { ExtractNote } from "@bulwark/extractors";
import type { Command } from "commander";
import { usageError } from "../errors.ts";
import { writeAtomically } from "../io/write-atomically.ts";
import { CLI_VERSION } from "../version.ts";

interface SbomOptions {
  format: string;
  output?: string;
  strict?: boolean;
  ignore: boolean;
  exclude: string[];
  maxFileSize?: string;
  maxImageSize?: string;
  maxFiles?: string;
  platform?: string;
  listExtractors?: boolean;
  quiet?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseSize(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?$/i.exec(value.trim());
  if (!m) throw usageError(`${flag} takes a size such as 500M or 2G, not ${JSON.stringify(value)}`);
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[(m[2] ?? "").toLowerCase()] ?? 1;
  return Math.floor(Number(m[1]) * unit);
}

function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw usageError(`${flag} takes a whole number, not ${JSON.stringify(value)}`);
  return Number(value);
}

function printNotes(notes: readonly ExtractNote[], write: (s: string) => void): void {
  for (const n of notes)
    write(`warning[${n.code}]: ${n.path}${n.line === undefined ? "" : `:${n.line}`}: ${n.message}\n`);
}

/**
 * The `--format` values. Kept here rather than read from @bulwark/reporters so that other
 * commands do not load the SBOM libraries at start-up; a test checks it equals the registry.
 */
export const SBOM_FORMATS = ["json", "cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tag-value"] as const;

/** `bulwark sbom`: list what is installed in directories, lockfiles, SBOMs and container images. */
export function registerSbom(program: Command): void {
  const formats: readonly string[] = SBOM_FORMATS;
  program
    .command("sbom")
    .description("inventory the packages in directories, lockfiles, SBOMs and container images, as an SBOM")
    .argument("[path...]", "directories, files (lockfiles, SBOMs) or container images (docker save tar, OCI layout)")
    .option("-f, --format <format>", `output format: ${formats.join(", ")}`, "json")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option("--strict", "exit 3 when any input produced a note (a malformed or unreadable file)")
    .option("--no-ignore", "do not honour .gitignore and scan dependency, VCS and build directories too")
    .option("--exclude <glob>", "leave out paths matching this glob (repeatable)", collect, [])
    .option("--max-file-size <size>", "skip files larger than this (default 256M)")
    .option("--max-image-size <size>", "refuse images whose layers unpack to more than this (default 8G)")
    .option("--max-files <n>", "refuse images with more entries than this (default 1000000)")
    .option("--platform <os/arch>", "the platform to pick from a multi-platform image (default linux/amd64)")
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
      const maxFileSize = parseSize("--max-file-size", opts.maxFileSize);
      const maxBytes = parseSize("--max-image-size", opts.maxImageSize);
      const maxEntries = parseCount("--max-files", opts.maxFiles);
      const inventory = await buildInventory(paths, {
        useIgnoreFiles: opts.ignore,
        exclude: opts.exclude,
        ...(maxFileSize !== undefined && { maxFileSize }),
        image: {
          ...(maxBytes !== undefined && { maxBytes }),
          ...(maxEntries !== undefined && { maxEntries }),
          ...(opts.platform !== undefined && { platform: opts.platform }),
        },
      });
      const text = writer.render(inventory, { toolName: "bulwark", toolVersion: CLI_VERSION, now: new Date() });
      if (opts.output) await writeAtomically(opts.output, text);
      else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
      if (!opts.quiet) printNotes(inventory.notes, (s) => process.stderr.write(s));
      if (opts.strict && inventory.notes.length > 0) {
        throw new BulwarkError("BULWARK_POLICY_NOTES", `${inventory.notes.length} note(s) were reported (--strict)`);
      }
    });
}

import type { ExtractNote } from "@bulwark/extractors";
import type { BuildInventoryOptions } from "@bulwark/scanner";
import type { Command } from "commander";
import { usageError } from "../errors.ts";

/** The flags that steer extraction, shared by `bulwark sbom` and `bulwark submit`. */
export interface ExtractFlags {
  ignore: boolean;
  exclude: string[];
  maxFileSize?: string;
  maxImageSize?: string;
  maxFiles?: string;
  platform?: string;
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

/** Add the extraction flags to a command. */
export function withExtractFlags(cmd: Command): Command {
  return cmd
    .option("--no-ignore", "do not honour .gitignore and scan dependency, VCS and build directories too")
    .option("--exclude <glob>", "leave out paths matching this glob (repeatable)", collect, [])
    .option("--max-file-size <size>", "skip files larger than this (default 256M)")
    .option("--max-image-size <size>", "refuse images whose layers unpack to more than this (default 8G)")
    .option("--max-files <n>", "refuse images with more entries than this (default 1000000)")
    .option("--platform <os/arch>", "the platform to pick from a multi-platform image (default linux/amd64)");
}

/** The scanner's inventory options for the flags (bad sizes and counts are usage errors). */
export function buildInventoryOptions(opts: ExtractFlags): BuildInventoryOptions {
  const maxFileSize = parseSize("--max-file-size", opts.maxFileSize);
  const maxBytes = parseSize("--max-image-size", opts.maxImageSize);
  const maxEntries = parseCount("--max-files", opts.maxFiles);
  return {
    useIgnoreFiles: opts.ignore,
    exclude: opts.exclude,
    ...(maxFileSize !== undefined && { maxFileSize }),
    image: {
      ...(maxBytes !== undefined && { maxBytes }),
      ...(maxEntries !== undefined && { maxEntries }),
      ...(opts.platform !== undefined && { platform: opts.platform }),
    },
  };
}

/** Print extraction notes as `warning[CODE]: path:line: message` lines. */
export function printNotes(notes: readonly ExtractNote[], write: (s: string) => void): void {
  for (const n of notes)
    write(`warning[${n.code}]: ${n.path}${n.line === undefined ? "" : `:${n.line}`}: ${n.message}\n`);
}

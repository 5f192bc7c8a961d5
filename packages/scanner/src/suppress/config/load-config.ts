import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { BulwarkError } from "@bulwark/core";
import { parseConfig } from "./parse-config.ts";
import { type BulwarkConfig, EMPTY_CONFIG } from "./types.ts";

/** The file names looked up in the scanned root, in order. */
export const CONFIG_FILE_NAMES: readonly string[] = ["bulwark.yaml", "bulwark.yml"];

/** Where to find the configuration. */
export interface LoadConfigOptions {
  /** An explicit file (`--config`); it must exist. */
  readonly path?: string;
  /** The scanned root: a directory, or a file whose directory is searched. Used when `path` is absent. */
  readonly root?: string;
  /** The clock that decides which rules have expired. */
  readonly now: Date;
}

/**
 * Load `bulwark.yaml`: the explicit `path` if given (a missing file is `BULWARK_INPUT_NOT_FOUND`), otherwise the
 * first of {@link CONFIG_FILE_NAMES} in the scanned root, otherwise the empty configuration.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<BulwarkConfig> {
  if (options.path !== undefined) {
    const text = await readText(options.path);
    if (text === undefined) {
      throw new BulwarkError("BULWARK_INPUT_NOT_FOUND", `${options.path}: the configuration file does not exist`, {
        details: { path: options.path },
      });
    }
    return parseConfig(options.path, text, { now: options.now });
  }
  if (options.root === undefined) return EMPTY_CONFIG;
  const dir = (await isFile(options.root)) ? dirname(options.root) : options.root;
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(dir, name);
    const text = await readText(path);
    if (text !== undefined) return parseConfig(path, text, { now: options.now });
  }
  return EMPTY_CONFIG;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new BulwarkError("BULWARK_INPUT_NOT_FOUND", `${path}: cannot read the configuration file`, {
      details: { path },
      cause: e,
    });
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

import {
  type ChildProcessWithoutNullStreams,
  execFileSync,
  type SpawnSyncReturns,
  spawn,
  spawnSync,
} from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@bulwark/core/testing";

/** The bundled CLI the tests run, exactly as users do. */
export const CLI = join(REPO_ROOT, "apps/cli/dist/bulwark.js");

/** Build the bundle if a test runs before `npm run build` did. */
export function ensureBuilt(): void {
  if (!existsSync(CLI)) execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
}

/** Result of one CLI run. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `bulwark <args>` with optional stdin and environment overrides. */
export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [CLI, ...args], {
    input: options.input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    maxBuffer: 1 << 28,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A `bulwark serve` started by a test. */
export interface ServeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** `http://127.0.0.1:<port>` from its "listening on" line. */
  readonly url: string;
  /** Everything it printed on stdout so far (the first start's credentials). */
  stdout(): string;
}

/**
 * Start `bulwark serve --port 0 <flags>` (sync schedule off, quiet logs) and wait for its
 * "listening on" line; rejects if it exits first or takes over 20 s.
 */
export async function startServe(flags: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...flags], {
    env: { ...process.env, BULWARK_LOG_LEVEL: "warn", BULWARK_SYNC_CRON: "off", ...env },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${err}`)), 20_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`serve exited ${child.exitCode}: ${err}`));
      } else setTimeout(check, 50);
    };
    check();
  });
  return { child, url, stdout: () => out };
}

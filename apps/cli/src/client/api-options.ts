import { BulwarkError } from "@bulwark/core";
import type { Command } from "commander";
import { usageError } from "../errors.ts";
import { ApiClient } from "./api-client.ts";

/** `--server` and `--token`, shared by every command that talks to a clearinghouse server. */
export interface ApiFlags {
  server?: string;
  token?: string;
}

/** Add `--server` and `--token` to a command. */
export function withApiFlags(cmd: Command): Command {
  return cmd
    .option("--server <url>", "the Bulwark server (default: BULWARK_SERVER)")
    .option("--token <token>", "API token (default: BULWARK_TOKEN; prefer the variable, argv is visible to others)")
    .addHelpText(
      // afterAll: printed after the command's own "after" text.
      "afterAll",
      "\nExit codes: 0 done, 2 usage error or refused by the server (no or bad token, not allowed, not found,\ninvalid), 3 an input could not be read, 4 the server could not be reached or gave an unexpected answer.",
    );
}

/** A client for the server and token the flags or the environment name. */
export function clientFrom(opts: ApiFlags, env: NodeJS.ProcessEnv = process.env): ApiClient {
  const server = opts.server ?? (env.BULWARK_SERVER || undefined);
  if (server === undefined) {
    throw usageError(
      "no server: name it with --server <url> or BULWARK_SERVER",
      "For example: export BULWARK_SERVER=https://bulwark.example.org",
    );
  }
  const token = opts.token ?? (env.BULWARK_TOKEN || undefined);
  if (token === undefined) {
    throw new BulwarkError("BULWARK_AUTH_REQUIRED", "no API token: pass --token or set BULWARK_TOKEN", {
      hint: "An administrator makes one with `bulwark tokens create --org <org> --role <role>`; the first start of `bulwark serve` prints the administrator's.",
    });
  }
  return new ApiClient({ server, token });
}

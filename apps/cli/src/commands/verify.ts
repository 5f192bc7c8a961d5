import { readFile } from "node:fs/promises";
import { BulwarkError, parseSignatureDocument, verifyDetachedSignature } from "@bulwark/core";
import type { Command } from "commander";
import { usageError } from "../errors.ts";

interface VerifyOptions {
  key?: string;
  server?: string;
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new BulwarkError("BULWARK_INPUT_NOT_FOUND", `cannot read the ${what} ${path}: ${(e as Error).message}`, {
      cause: e,
      details: { path },
    });
  }
}

/** The clearinghouse's public key (PEM) from `<server>/.well-known/bulwark-signing-key`. */
async function fetchServerKey(server: string): Promise<string> {
  let url: URL;
  try {
    url = new URL("/.well-known/bulwark-signing-key", server);
  } catch {
    throw usageError(`--server takes a URL such as https://bulwark.example.org, not ${JSON.stringify(server)}`);
  }
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new BulwarkError("BULWARK_NET_UNREACHABLE", `cannot reach ${url.origin}: ${(e as Error).message}`, {
      cause: e,
      hint: "Check the --server URL and your network, or pass the key file with --key.",
    });
  }
  if (!response.ok) {
    throw new BulwarkError("BULWARK_NET_HTTP_STATUS", `${url} answered HTTP ${response.status}`, {
      details: { url: url.toString(), status: response.status },
      hint: "Check that --server names a Bulwark server, or pass the key file with --key.",
    });
  }
  const body = (await response.json().catch(() => undefined)) as { publicKey?: unknown } | undefined;
  if (typeof body?.publicKey !== "string") {
    throw new BulwarkError("BULWARK_NET_BAD_CONTENT", `${url} did not answer with a signing key`);
  }
  return body.publicKey;
}

/**
 * `bulwark verify <file> <signature>`: check a file the clearinghouse distributed against its
 * detached signature and the clearinghouse's public key (a PEM file, or fetched from the server).
 * Needs no database: only @bulwark/core's verifier, so it works on the machine that installs the patch.
 */
export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("check a downloaded file against its signature; exit 0 when valid, 1 when it was changed")
    .argument("<file>", "the file (a patch artifact or bulletin)")
    .argument("<signature>", "its detached signature (JSON, usually <file>.sig)")
    .option("--key <pem>", "the clearinghouse's public key as a PEM file")
    .option("--server <url>", "fetch the public key from this server's /.well-known/bulwark-signing-key")
    .action(async (file: string, signature: string, opts: VerifyOptions) => {
      const server = opts.server ?? (opts.key === undefined ? process.env.BULWARK_SERVER || undefined : undefined);
      if (opts.key !== undefined && opts.server !== undefined) throw usageError("give --key or --server, not both");
      if (opts.key === undefined && server === undefined) {
        throw usageError("name the public key with --key <pem file> or --server <url> (or BULWARK_SERVER)");
      }
      const [bytes, sigText, pem] = await Promise.all([
        readInput(file, "file"),
        readInput(signature, "signature"),
        opts.key !== undefined
          ? readInput(opts.key, "key").then((b) => b.toString("utf8"))
          : fetchServerKey(server as string),
      ]);
      const verdict = verifyDetachedSignature(bytes, parseSignatureDocument(sigText.toString("utf8")), pem);
      process.stdout.write(`valid, signed by key ${verdict.keyId} (sha256 ${verdict.sha256})\n`);
    });
}

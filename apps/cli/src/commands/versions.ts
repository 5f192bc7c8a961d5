import { BulwarkError } from "@bulwark/core";
import { type AnyVersionScheme, ECOSYSTEMS, ecosystemInfo, schemeById, schemeForEcosystem } from "@bulwark/versions";
import type { Command } from "commander";
import { readLineBatches } from "../io/lines.ts";
import { BufferedWriter } from "../io/writer.ts";

/** Resolve `--ecosystem` (or `--scheme`) to a version scheme, or throw a coded error. */
export function resolveScheme(ecosystem: string | undefined, schemeId: string | undefined): AnyVersionScheme {
  if (schemeId !== undefined) {
    const s = schemeById(schemeId);
    if (!s) throw new BulwarkError("BULWARK_ECOSYSTEM_UNKNOWN", `no version scheme called ${JSON.stringify(schemeId)}`);
    return s;
  }
  if (ecosystem === undefined) {
    throw new BulwarkError("BULWARK_CLI_USAGE", "--ecosystem is required", {
      hint: "For example: bulwark versions compare --ecosystem PyPI 1.0rc1 1.0",
    });
  }
  const s = schemeForEcosystem(ecosystem);
  if (!s) {
    const info = ecosystemInfo(ecosystem);
    const why = info
      ? `${info.name} has no version ordering (${info.note})`
      : `unknown ecosystem ${JSON.stringify(ecosystem)}`;
    throw new BulwarkError("BULWARK_ECOSYSTEM_UNKNOWN", why);
  }
  return s;
}

function symbol(n: number): string {
  return n < 0 ? "<" : n > 0 ? ">" : "=";
}

function parseOrThrow(scheme: AnyVersionScheme, v: string, ecosystem: string): unknown {
  const p = scheme.parse(v);
  if (p === undefined) {
    throw new BulwarkError("BULWARK_VERSION_INVALID", `${JSON.stringify(v)} is not a valid ${scheme.id} version`, {
      details: { version: v, ecosystem },
    });
  }
  return p;
}

async function comparePipe(scheme: AnyVersionScheme): Promise<void> {
  const out = new BufferedWriter(process.stdout);
  for await (const batch of readLineBatches(process.stdin)) {
    for (const line of batch) {
      const t = line.trim();
      if (t === "") continue;
      const sp = t.search(/\s/);
      const a = sp < 0 ? undefined : scheme.parse(t.slice(0, sp));
      const rest = sp < 0 ? "" : t.slice(sp + 1).trim();
      const b = a === undefined || rest === "" || /\s/.test(rest) ? undefined : scheme.parse(rest);
      out.write(a === undefined || b === undefined ? "!\n" : `${symbol(scheme.compare(a, b))}\n`);
    }
    await out.ready();
  }
  await out.end();
}

async function sortPipe(scheme: AnyVersionScheme, skipInvalid: boolean, reverse: boolean): Promise<void> {
  const items: { text: string; parsed: unknown }[] = [];
  const invalid: string[] = [];
  for await (const batch of readLineBatches(process.stdin)) {
    for (const line of batch) {
      const t = line.trim();
      if (t === "") continue;
      const parsed = scheme.parse(t);
      if (parsed === undefined) invalid.push(t);
      else items.push({ text: t, parsed });
    }
  }
  if (invalid.length > 0 && !skipInvalid) {
    throw new BulwarkError(
      "BULWARK_VERSION_INVALID",
      `${invalid.length} line(s) are not valid ${scheme.id} versions, first: ${JSON.stringify(invalid[0])}`,
      { hint: "Fix the input, or pass --skip-invalid to drop such lines (they are listed on stderr)." },
    );
  }
  for (const v of invalid) process.stderr.write(`skipped invalid version: ${v}\n`);
  items.sort((x, y) => scheme.compare(x.parsed, y.parsed));
  if (reverse) items.reverse();
  const out = new BufferedWriter(process.stdout);
  for (const i of items) out.write(`${i.text}\n`);
  await out.end();
}

/** `bulwark versions ...`: compare, sort, and list ecosystems; doubles as a conformance harness. */
export function registerVersions(program: Command): void {
  const versions = program.command("versions").description("compare and sort versions the way each ecosystem does");

  versions
    .command("compare")
    .description("print <, = or > for a b; with no versions, read 'a b' pairs from stdin (one per line, '!' = invalid)")
    .option("-e, --ecosystem <ecosystem>", "OSV ecosystem, e.g. npm, PyPI, Go, Maven, Debian:12")
    .option("--scheme <id>", "a version scheme id instead of an ecosystem (semver, pep440, dpkg, ...)")
    .argument("[a]", "first version")
    .argument("[b]", "second version")
    .action(async (a: string | undefined, b: string | undefined, opts: { ecosystem?: string; scheme?: string }) => {
      const scheme = resolveScheme(opts.ecosystem, opts.scheme);
      if (a === undefined) return comparePipe(scheme);
      if (b === undefined)
        throw new BulwarkError("BULWARK_CLI_USAGE", "compare needs two versions (or none, to read stdin)");
      const eco = opts.ecosystem ?? scheme.id;
      process.stdout.write(`${symbol(scheme.compare(parseOrThrow(scheme, a, eco), parseOrThrow(scheme, b, eco)))}\n`);
    });

  versions
    .command("sort")
    .description("sort versions read from stdin (one per line), ascending")
    .option("-e, --ecosystem <ecosystem>", "OSV ecosystem")
    .option("--scheme <id>", "a version scheme id instead of an ecosystem")
    .option("--skip-invalid", "drop invalid versions (listed on stderr) instead of failing")
    .option("-r, --reverse", "sort descending")
    .action(async (opts: { ecosystem?: string; scheme?: string; skipInvalid?: boolean; reverse?: boolean }) => {
      await sortPipe(resolveScheme(opts.ecosystem, opts.scheme), opts.skipInvalid ?? false, opts.reverse ?? false);
    });

  versions
    .command("ecosystems")
    .description("list OSV ecosystems and the version scheme of each")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(ECOSYSTEMS, null, 2)}\n`);
        return;
      }
      const w = Math.max(...ECOSYSTEMS.map((e) => e.name.length));
      for (const e of ECOSYSTEMS) {
        process.stdout.write(`${e.name.padEnd(w)}  ${(e.scheme ?? "-").padEnd(10)}  ${e.note}\n`);
      }
    });
}

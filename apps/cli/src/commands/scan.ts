import { once } from "node:events";
import { existsSync } from "node:fs";
import { BulwarkError, type Finding, type FindingSuppression, type ScanReport } from "@bulwark/core";
import type { VexStatement } from "@bulwark/scanner";
import type { Command } from "commander";
import type { CliConfig } from "../config.ts";
import { CommandExit, usageError } from "../errors.ts";
import { writeAtomically } from "../io/write-atomically.ts";
import { CLI_VERSION } from "../version.ts";
import { stalenessWarning } from "./db.ts";
import { ProgressLine } from "./db-update.ts";
import { FAIL_ON, type FailOnValue, parseFailOn, scanExitCode } from "./scan-policy.ts";

interface ScanCliOptions {
  db?: string;
  offline?: boolean;
  format: string;
  output: string[];
  failOn?: string;
  mission?: string;
  exposed?: boolean;
  policy?: string;
  config?: string;
  vex: string[];
  showSuppressed?: boolean;
  onlyFixable?: boolean;
  quiet?: boolean;
  ignore: boolean;
  exclude: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--output format=file` pairs. */
function parseOutputs(values: readonly string[], known: readonly string[]): { format: string; file: string }[] {
  return values.map((v) => {
    const eq = v.indexOf("=");
    if (eq <= 0 || eq === v.length - 1)
      throw usageError(`-o takes format=file (for example sarif=results.sarif), not ${JSON.stringify(v)}`);
    const format = v.slice(0, eq);
    if (!known.includes(format))
      throw usageError(`unknown format ${JSON.stringify(format)} in -o`, `Use one of: ${known.join(", ")}.`);
    return { format, file: v.slice(eq + 1) };
  });
}

/** What the requested reports need of whole records: parsed, their text only, or nothing. */
function recordsNeeded(needs: readonly (boolean | "json" | undefined)[]): boolean | "json" {
  if (needs.some((n) => n === true || n === undefined)) return true;
  return needs.includes("json") ? "json" : false;
}

/** Write pieces to stdout as the pipe drains (a report can be far larger than memory should hold), ending with a newline. */
async function writeToStdout(chunks: Iterable<string>): Promise<void> {
  // Small pieces are gathered into writes of about a megabyte: a write per table block costs more than making it.
  let pending: string[] = [];
  let size = 0;
  let last = "";
  const flush = async () => {
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    size = 0;
    if (!process.stdout.write(text)) await once(process.stdout, "drain");
  };
  for (const chunk of chunks) {
    if (chunk === "") continue;
    last = chunk;
    pending.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20) await flush();
  }
  if (!last.endsWith("\n")) pending.push("\n");
  await flush();
}

function summaryLine(report: ScanReport): string {
  const open = report.findings.filter((f) => f.status === "affected" && f.suppressed === undefined);
  const kev = open.filter((f) => f.kev !== undefined).length;
  return `${report.packages.length} packages, ${open.length} vulnerabilities (${kev} in KEV), ${report.findings.filter((f) => f.suppressed).length} suppressed, ${report.findings.filter((f) => f.status === "undetermined").length} undetermined`;
}

/** `bulwark scan`: extract, match against the advisory database, enrich, suppress, report. */
export function registerScan(program: Command, config: CliConfig): void {
  program
    .command("scan")
    .description("find known vulnerabilities in directories, lockfiles, SBOMs and container images")
    .argument("[path...]", "what to scan (default: the current directory)")
    .option("--db <file>", "advisory database file (default: BULWARK_DB or ~/.cache/bulwark/advisories.db)")
    .option("--offline", "never suggest or attempt network access; scan with the database as it is")
    .option(
      "-f, --format <format>",
      "output format on stdout (table, json, sarif, cyclonedx-json, cyclonedx-xml, openvex, csaf-vex, markdown, html)",
      "table",
    )
    .option("-o, --output <format=file>", "also write a format to a file (repeatable)", collect, [])
    .option("--fail-on <threshold>", `exit 1 when a finding meets it: ${FAIL_ON.join(", ")} (default any)`)
    .option("--mission <level>", "SSVC Mission & Well-being impact: low, medium, high (default medium)")
    .option("--exposed", "the system is reachable from public networks (BOD 26-04 timelines)")
    .option("--policy <id>", "remediation timeline policy: bod-26-04 (default) or bod-22-01")
    .option("--config <file>", "bulwark.yaml to use (default: bulwark.yaml in the scanned root)")
    .option(
      "--vex <file>",
      "OpenVEX, CycloneDX VEX or CSAF VEX document whose not_affected statements suppress (repeatable)",
      collect,
      [],
    )
    .option("--show-suppressed", "show suppressed findings and why")
    .option("--only-fixable", "leave out findings that no version fixes")
    .option("-q, --quiet", "print nothing on stderr but errors")
    .option("--no-ignore", "do not honour .gitignore; scan dependency, VCS and build directories too")
    .option("--exclude <glob>", "leave out paths matching this glob (repeatable)", collect, [])
    .addHelpText(
      "after",
      "\nExit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or configuration error,\n3 input error (a missing or malformed input, no advisory database). Undetermined and suppressed\nfindings never fail a scan.",
    )
    .action(async (paths: string[], opts: ScanCliOptions) => {
      const [{ AdvisoryDatabase }, scanner, reporters, scoring] = await Promise.all([
        import("@bulwark/db"),
        import("@bulwark/scanner"),
        import("@bulwark/reporters"),
        import("@bulwark/scoring"),
      ]);
      const inputs = paths.length > 0 ? paths : ["."];
      const now = new Date();
      const formats = reporters.SCAN_REPORTERS.map((r) => r.format);
      const stdoutReporter = reporters.scanReporterFor(opts.format);
      if (stdoutReporter === undefined)
        throw usageError(`unknown format ${JSON.stringify(opts.format)}`, `Use one of: ${formats.join(", ")}.`);
      const outputs = parseOutputs(opts.output, formats);
      const bulwarkConfig = await scanner.loadConfig({
        ...(opts.config !== undefined && { path: opts.config }),
        root: inputs[0] as string,
        now,
      });
      const failOn: FailOnValue =
        opts.failOn !== undefined ? parseFailOn(opts.failOn) : (bulwarkConfig.failOn ?? "any");
      const mission = opts.mission ?? bulwarkConfig.mission;
      const missionValue = mission === undefined ? undefined : scoring.parseMissionWellbeing(mission);
      if (mission !== undefined && missionValue === undefined)
        throw usageError(`--mission takes low, medium or high, not ${JSON.stringify(mission)}`);
      const policy = opts.policy ?? scoring.DEFAULT_REMEDIATION_POLICY_ID;
      if (scoring.remediationPolicy(policy) === undefined) {
        throw usageError(
          `unknown --policy ${JSON.stringify(policy)}`,
          `Use one of: ${scoring.REMEDIATION_POLICIES.map((p) => p.id).join(", ")}.`,
        );
      }
      const statements: VexStatement[] = [];
      for (const file of [...bulwarkConfig.vex, ...opts.vex]) statements.push(...(await scanner.loadVexFile(file)));

      const dbPath = opts.db ?? config.dbPath;
      if (!existsSync(dbPath)) {
        throw new BulwarkError("BULWARK_DB_EMPTY", `there is no advisory database at ${dbPath}`, {
          hint: "Run `bulwark db update` (online) or `bulwark db import <files>` (offline) first.",
        });
      }
      const db = AdvisoryDatabase.open(dbPath, { readonly: true });
      try {
        // Only the last update: the full status counts every table, which costs more than it tells a scan.
        const status = { lastUpdate: db.lastUpdate() };
        const stale = stalenessWarning(status, now);
        if (stale !== undefined && !opts.quiet) {
          process.stderr.write(`warning: ${stale}${opts.offline ? " (--offline: scanning with it as it is)" : ""}\n`);
        }
        // Progress only for a person watching: a terminal on stderr, and not --quiet.
        const progress =
          process.stderr.isTTY && !opts.quiet
            ? new ProgressLine((s) => process.stderr.write(s), process.stderr.columns || 80)
            : undefined;
        const inventory = await scanner.buildInventory(inputs, {
          useIgnoreFiles: opts.ignore,
          exclude: [...bulwarkConfig.exclude, ...opts.exclude],
          ...(progress && { onFile: (p: string) => progress.show(`extracting ${p}`) }),
        });
        const suppress = (
          f: Omit<Finding, "priority" | "suppressed">,
          pkg: { ecosystem: string; name: string; version: string; purl?: string },
        ): FindingSuppression | undefined => {
          const d = scanner.decideSuppression(
            {
              ids: f.aliases,
              ecosystem: pkg.ecosystem,
              name: pkg.name,
              version: pkg.version,
              ...(pkg.purl !== undefined && { purl: pkg.purl }),
            },
            bulwarkConfig,
            statements,
          );
          if (!d.suppressed) return undefined;
          if (d.source === "vex" && d.vex.by !== undefined) {
            const by = d.vex.by;
            return {
              kind: "vex",
              reason: d.reason,
              source: by.source.path,
              status: by.status,
              ...(by.justification !== undefined && { justification: by.justification }),
            };
          }
          return {
            kind: d.config.rule?.kind === "package" ? "package" : "config",
            reason: d.reason,
            ...(bulwarkConfig.path !== undefined && { source: bulwarkConfig.path }),
          };
        };
        const report = await scanner.scanInventory(inventory, db, {
          now,
          tool: { name: "bulwark", version: CLI_VERSION },
          database: {
            path: dbPath,
            ...(status.lastUpdate !== undefined && { lastUpdate: status.lastUpdate }),
            stale: stale !== undefined,
          },
          ...(missionValue !== undefined && { mission: missionValue }),
          exposed: opts.exposed ?? bulwarkConfig.exposed ?? false,
          policy,
          suppress,
          onlyFixable: opts.onlyFixable ?? false,
          records: recordsNeeded(
            [opts.format, ...outputs.map((o) => o.format)].map((f) => reporters.scanReporterFor(f)?.readsRecords),
          ),
          ...(progress && {
            onProgress: (done: number, total: number) => progress.show(`matching ${done}/${total} packages`),
          }),
        });
        progress?.clear();
        const tty = process.stdout.isTTY === true;
        const render = (format: string, toTerminal: boolean): Iterable<string> => {
          const reporter = reporters.scanReporterFor(format) ?? stdoutReporter;
          const renderOpts = {
            color: toTerminal && !config.noColor,
            width: toTerminal ? (process.stdout.columns ?? 100) : 120,
            showSuppressed: opts.showSuppressed ?? false,
            now,
          };
          return reporter.renderChunks?.(report, renderOpts) ?? [reporter.render(report, renderOpts)];
        };
        for (const o of outputs) await writeAtomically(o.file, render(o.format, false));
        await writeToStdout(render(opts.format, tty));
        if (!opts.quiet) {
          for (const w of bulwarkConfig.warnings)
            process.stderr.write(`warning: ${bulwarkConfig.path ?? "bulwark.yaml"}: ${w.pointer}: ${w.message}\n`);
          for (const n of report.notes)
            process.stderr.write(
              `warning[${n.code}]: ${n.path}${n.line === undefined ? "" : `:${n.line}`}: ${n.message}\n`,
            );
          if (opts.format !== "table") process.stderr.write(`${summaryLine(report)}\n`);
        }
        const code = scanExitCode(report, failOn);
        if (code !== 0) throw new CommandExit(code);
      } finally {
        db.close();
      }
    });
}

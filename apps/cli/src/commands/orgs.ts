import { OPERATOR_SECTORS, ORG_KINDS } from "@bulwark/access";
import { type Command, Option } from "commander";
import { type ApiFlags, clientFrom, withApiFlags } from "../client/api-options.ts";
import type { Organisation } from "../client/api-types.ts";
import { renderTable } from "../io/table.ts";

/** `table` or `json`, for the server commands' lists. */
export function formatOption(): Option {
  return new Option("--format <format>", "output format").choices(["table", "json"]).default("table");
}

/** `bulwark orgs create|list`: the clearinghouse's organisations. */
export function registerOrgs(program: Command): void {
  const orgs = program.command("orgs").description("organisations on a clearinghouse server");
  withApiFlags(
    orgs
      .command("create")
      .description("create an organisation (platform admins and coordinators)")
      .requiredOption("--name <name>", "its name, unique on the server")
      .addOption(new Option("--kind <kind>", "what it is").choices(ORG_KINDS).makeOptionMandatory())
      .addOption(
        new Option("--sector <sector>", "an operator's critical-infrastructure sector").choices(OPERATOR_SECTORS),
      )
      .option("--json", "print the organisation as JSON"),
  ).action(async (opts: ApiFlags & { name: string; kind: string; sector?: string; json?: boolean }) => {
    const client = clientFrom(opts);
    const org = await client.post<Organisation>("/api/v1/orgs", {
      name: opts.name,
      kind: opts.kind,
      ...(opts.sector !== undefined && { sector: opts.sector }),
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(org)}\n`);
    else
      process.stdout.write(
        `created organisation ${org.name} (${org.kind}${org.sector ? `, ${org.sector}` : ""}): ${org.id}\n`,
      );
  });
  withApiFlags(
    orgs
      .command("list")
      .description("the organisations you belong to (all of them for platform admins and coordinators)")
      .addOption(formatOption()),
  ).action(async (opts: ApiFlags & { format: string }) => {
    const items = await clientFrom(opts).all<Organisation>("/api/v1/orgs");
    if (opts.format === "json") process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
    else {
      process.stdout.write(
        renderTable(
          ["NAME", "KIND", "SECTOR", "ID"],
          items.map((o) => [o.name, o.kind, o.sector ?? "-", o.id]),
        ),
      );
    }
  });
}

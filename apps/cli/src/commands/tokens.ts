import { ORG_ROLES } from "@bulwark/access";
import { type Command, Option } from "commander";
import { type ApiFlags, clientFrom, withApiFlags } from "../client/api-options.ts";
import type { CreatedToken } from "../client/api-types.ts";
import { findOrg } from "../client/lookup.ts";
import { usageError } from "../errors.ts";

interface TokensCreateOptions extends ApiFlags {
  org: string;
  role: string;
  name?: string;
  expiresInDays?: string;
  json?: boolean;
}

/** `bulwark tokens create`: an organisation's API token with a role. */
export function registerTokens(program: Command): void {
  const tokens = program.command("tokens").description("API tokens on a clearinghouse server");
  withApiFlags(
    tokens
      .command("create")
      .description("make an API token that acts in one organisation with one role (the secret is shown once)")
      .requiredOption("--org <name|id>", "the organisation the token acts for")
      .addOption(
        new Option("--role <role>", "its role there: viewer reads, the others read and write")
          .choices(ORG_ROLES)
          .makeOptionMandatory(),
      )
      .option("--name <name>", "a label to tell tokens apart (default: <org> <role>)")
      .option("--expires-in-days <n>", "expire after this many days (1-3650; default: never)")
      .option("--json", 'print {"token","id","name","org","orgId","role","scopes","expiresAt"} as JSON'),
  )
    .addHelpText(
      "after",
      "\nThe token belongs to the organisation's token account for the role, a member without a password or\nplatform roles, so it can do only what that role may in that organisation. Platform admins make them,\nand the organisation's owners and admins up to their own role. Removing that account from the\norganisation cuts off every token of the role.",
    )
    .action(async (opts: TokensCreateOptions) => {
      let expiresInDays: number | undefined;
      if (opts.expiresInDays !== undefined) {
        expiresInDays = Number(opts.expiresInDays);
        if (!/^\d+$/.test(opts.expiresInDays) || expiresInDays < 1 || expiresInDays > 3650) {
          throw usageError(
            `--expires-in-days takes a whole number from 1 to 3650, not ${JSON.stringify(opts.expiresInDays)}`,
          );
        }
      }
      const client = clientFrom(opts);
      const org = await findOrg(client, opts.org);
      const name = opts.name ?? `${org.name} ${opts.role}`.slice(0, 100);
      const made = await client.post<CreatedToken>("/api/v1/tokens", {
        name,
        orgId: org.id,
        role: opts.role,
        ...(expiresInDays !== undefined && { expiresInDays }),
      });
      if (opts.json) {
        const t = made.token;
        process.stdout.write(
          `${JSON.stringify({
            token: made.secret,
            id: t.id,
            name: t.name,
            org: org.name,
            orgId: org.id,
            role: made.role ?? opts.role,
            scopes: t.scopes,
            ...(t.expiresAt !== undefined && { expiresAt: t.expiresAt }),
          })}\n`,
        );
      } else {
        process.stdout.write(
          `API token for ${org.name} as ${made.role ?? opts.role} (shown once):\n  ${made.secret}\n  scopes: ${made.token.scopes.join(", ")}${made.token.expiresAt ? `, expires ${made.token.expiresAt}` : ""}\n`,
        );
      }
    });
}

import { randomUUID } from "node:crypto";
import { BulwarkError } from "@bulwark/core";
import type { Kysely, Selectable } from "kysely";
import type { OrganisationsTable, ServerSchema } from "../schema.ts";

/** An organisation as the server reads it. */
export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly sector?: string;
  readonly createdAt: string;
}

/** What creating an organisation takes (kind and sector already validated by the caller). */
export interface NewOrganisation {
  readonly name: string;
  readonly kind: string;
  readonly sector?: string;
}

function toOrganisation(row: Selectable<OrganisationsTable>): Organisation {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    ...(row.sector !== null && { sector: row.sector }),
    createdAt: row.created_at,
  };
}

/** Organisations: create, read, list. */
export class OrganisationRepository {
  readonly #db: Kysely<ServerSchema>;

  constructor(db: Kysely<ServerSchema>) {
    this.#db = db;
  }

  /** Create one; a taken name is `BULWARK_OBJECT_CONFLICT`. */
  async create(org: NewOrganisation, now: Date): Promise<Organisation> {
    const row = {
      id: randomUUID(),
      name: org.name,
      kind: org.kind,
      sector: org.sector ?? null,
      created_at: now.toISOString(),
    };
    if ((await this.byName(org.name)) !== undefined) {
      throw new BulwarkError("BULWARK_OBJECT_CONFLICT", `an organisation named ${JSON.stringify(org.name)} exists`);
    }
    await this.#db.insertInto("organisations").values(row).execute();
    return toOrganisation(row);
  }

  /** By id. */
  async byId(id: string): Promise<Organisation | undefined> {
    const row = await this.#db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toOrganisation(row);
  }

  /** By exact name. */
  async byName(name: string): Promise<Organisation | undefined> {
    const row = await this.#db.selectFrom("organisations").selectAll().where("name", "=", name).executeTakeFirst();
    return row && toOrganisation(row);
  }

  /** A page in name order after `after` (a name), at most `limit`. */
  async list(opts: { after?: string; limit: number; ids?: readonly string[] }): Promise<Organisation[]> {
    let q = this.#db.selectFrom("organisations").selectAll().orderBy("name").limit(opts.limit);
    if (opts.after !== undefined) q = q.where("name", ">", opts.after);
    if (opts.ids !== undefined) {
      if (opts.ids.length === 0) return [];
      q = q.where("id", "in", [...opts.ids]);
    }
    return (await q.execute()).map(toOrganisation);
  }
}

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BulwarkError } from "@bulwark/core";
import {
  AlertRepository,
  type Asset,
  type AssetCriticality,
  type AssetKind,
  AssetRepository,
  appendAudit,
  KnowledgeBase,
  lockAuditHead,
  type Organisation,
  OrganisationRepository,
  type ServerDb,
  UserRepository,
} from "@bulwark/db";
import { SharedKnowledge } from "../monitor/shared-knowledge.ts";
import { ingestInventory } from "../routes/inventory-ingest.ts";
import { type FixtureImport, importFixtureAdvisories } from "./fixture-import.ts";

/** The demo's operator organisation. */
export const DEMO_ORG = { name: "Riverside Community Hospital", kind: "operator", sector: "healthcare" } as const;

/** A demo asset and the real SBOM (in `fixtures/demo/`) uploaded as its inventory. */
interface DemoAsset {
  readonly name: string;
  readonly kind: AssetKind;
  readonly environment: string;
  readonly criticality: AssetCriticality;
  readonly exposed: boolean;
  readonly owner: string;
  readonly tags: readonly string[];
  /** File name in `fixtures/demo/`; its name tells the upload parser the format, as a user's would. */
  readonly sbom: string;
}

/** The three demo assets; see fixtures/README.md for where each SBOM comes from. */
export const DEMO_ASSETS: readonly DemoAsset[] = [
  {
    name: "Patient portal API gateway",
    kind: "service",
    environment: "production",
    criticality: "high",
    exposed: true,
    owner: "Digital Services",
    tags: ["patient-facing", "internet", "rust"],
    sbom: "spdx-example11.spdx.json",
  },
  {
    name: "Clinician secure mail bridge",
    kind: "application",
    environment: "production",
    criticality: "medium",
    exposed: false,
    owner: "IT Infrastructure",
    tags: ["email", "clinical-staff", "go"],
    sbom: "proton-bridge-v1.8.0.bom.xml",
  },
  {
    name: "Ward workstation mail bridge (legacy image)",
    kind: "application",
    environment: "ward-workstations",
    criticality: "low",
    exposed: false,
    owner: "Desktop Support",
    tags: ["email", "legacy", "go"],
    sbom: "proton-bridge-v1.6.3.bom.json",
  },
];

/** How the demo is seeded. */
export interface DemoSeedOptions {
  /** The bundled fixtures folder (`ServerConfig.fixturesDir`). */
  readonly fixturesDir: string;
  readonly clock: () => Date;
  /** The upload route's warm matching state, when the seed runs inside a server. */
  readonly sharedKnowledge?: SharedKnowledge;
  /** Users made owners of the demo organisation (the admin who asked for it). */
  readonly ownerUserIds?: readonly string[];
  /** Who asked, for the audit log (none from the command line). */
  readonly actor?: { readonly userId?: string; readonly requestId?: string };
}

/** One demo asset after seeding. */
export interface DemoSeedAsset {
  readonly id: string;
  readonly name: string;
  /** Components of its current inventory. */
  readonly components: number;
  /** Its active alerts (open, acknowledged, in progress). */
  readonly alerts: number;
}

/** What the seed left in place, and what it changed this time. */
export interface DemoSeedResult {
  readonly orgId: string;
  /** Advisories in the knowledge base afterwards. */
  readonly advisories: number;
  readonly assets: readonly DemoSeedAsset[];
  /** Whether this call created or changed anything (false when everything was already there). */
  readonly changed: boolean;
  readonly advisoryImport: FixtureImport;
}

function missingSbom(path: string): BulwarkError {
  return new BulwarkError("BULWARK_DEMO_UNAVAILABLE", `the demo's fixtures are incomplete: no ${path}`);
}

/** The demo organisation, created (and audited) when it does not exist yet. */
async function ensureOrg(db: ServerDb, actor: DemoSeedOptions["actor"], now: Date) {
  return db.kysely.transaction().execute(async (trx) => {
    // Serialises concurrent seeds: the second one finds the organisation the first made.
    await lockAuditHead(trx);
    const orgs = new OrganisationRepository(trx);
    const existing = await orgs.byName(DEMO_ORG.name);
    if (existing !== undefined) {
      if (existing.kind !== DEMO_ORG.kind) {
        throw new BulwarkError(
          "BULWARK_OBJECT_CONFLICT",
          `an organisation named ${JSON.stringify(DEMO_ORG.name)} exists and is not an operator`,
          { hint: "Rename that organisation to load the demo." },
        );
      }
      return { org: existing, created: false };
    }
    const org: Organisation = await orgs.create(DEMO_ORG, now);
    await appendAudit(trx, {
      at: now.toISOString(),
      action: "org.create",
      ...(actor?.userId !== undefined && { actorUserId: actor.userId }),
      ...(actor?.requestId !== undefined && { requestId: actor.requestId }),
      objectType: "organisation",
      objectId: org.id,
      details: { name: org.name, kind: org.kind, sector: DEMO_ORG.sector, demo: true },
    });
    return { org, created: true };
  });
}

/** A demo asset, created (and audited) when the organisation has none of that name. */
async function ensureAsset(db: ServerDb, orgId: string, spec: DemoAsset, actor: DemoSeedOptions["actor"], now: Date) {
  const found = await new AssetRepository(db.kysely).byName(orgId, spec.name);
  if (found !== undefined) return { asset: found, created: false };
  const asset: Asset = await db.kysely.transaction().execute(async (trx) => {
    const made = await new AssetRepository(trx).create(
      {
        orgId,
        name: spec.name,
        kind: spec.kind,
        environment: spec.environment,
        criticality: spec.criticality,
        exposed: spec.exposed,
        owner: spec.owner,
        tags: spec.tags,
      },
      now,
    );
    await appendAudit(trx, {
      at: now.toISOString(),
      action: "asset.create",
      ...(actor?.userId !== undefined && { actorUserId: actor.userId }),
      actorOrgId: orgId,
      ...(actor?.requestId !== undefined && { requestId: actor.requestId }),
      objectType: "asset",
      objectId: made.id,
      details: { name: made.name, kind: made.kind, criticality: made.criticality, exposed: made.exposed, demo: true },
    });
    return made;
  });
  return { asset, created: true };
}

/** Make a user an owner of the organisation (audited), unless they already are. */
async function ensureOwner(db: ServerDb, orgId: string, userId: string, actor: DemoSeedOptions["actor"], now: Date) {
  return db.kysely.transaction().execute(async (trx) => {
    const users = new UserRepository(trx);
    const user = await users.byId(userId);
    if (user === undefined) throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", `no user ${userId}`);
    const before = (await users.memberships(userId)).find((m) => m.orgId === orgId)?.role;
    if (before === "owner") return false;
    await users.setMembership(userId, orgId, "owner", now);
    await appendAudit(trx, {
      at: now.toISOString(),
      action: before === undefined ? "member.add" : "member.role",
      ...(actor?.userId !== undefined && { actorUserId: actor.userId }),
      actorOrgId: orgId,
      ...(actor?.requestId !== undefined && { requestId: actor.requestId }),
      objectType: "membership",
      objectId: `${orgId}/${userId}`,
      details: { email: user.email, role: "owner", ...(before !== undefined && { previousRole: before }), demo: true },
    });
    return true;
  });
}

/**
 * Load the demo: the bundled advisories (fixtures/osv, KEV, EPSS) into the knowledge base, the
 * operator organisation "Riverside Community Hospital" (healthcare), and three assets whose real
 * SBOMs are uploaded through the upload route's own code (`ingestInventory`), so their alerts —
 * SSVC decisions, due dates, KEV and EPSS — are exactly what an operator's upload would get.
 * Idempotent: what exists is kept (an asset that already has an inventory is not uploaded to
 * again), so a second call changes nothing. Every change is in the audit log.
 */
export async function seedDemo(db: ServerDb, options: DemoSeedOptions): Promise<DemoSeedResult> {
  const { fixturesDir, clock, actor } = options;
  const demoDir = join(fixturesDir, "demo");
  // Checked first: a half-loaded demo would be worse than none.
  for (const spec of DEMO_ASSETS) {
    if (!existsSync(join(demoDir, spec.sbom))) throw missingSbom(join(demoDir, spec.sbom));
  }
  const kb = new KnowledgeBase(db);
  const advisoryImport = await importFixtureAdvisories(db, fixturesDir, clock());
  const { org, created } = await ensureOrg(db, actor, clock());
  let changed = created || advisoryImport.imported.length > 0;
  for (const userId of options.ownerUserIds ?? []) {
    if (await ensureOwner(db, org.id, userId, actor, clock())) changed = true;
  }
  const shared = options.sharedKnowledge ?? new SharedKnowledge(kb);
  const assets = new AssetRepository(db.kysely);
  const seeded: Asset[] = [];
  for (const spec of DEMO_ASSETS) {
    const made = await ensureAsset(db, org.id, spec, actor, clock());
    if (made.created) changed = true;
    if ((await assets.currentInventory(made.asset.id)) === undefined) {
      const bytes = readFileSync(join(demoDir, spec.sbom));
      await ingestInventory(db, shared, made.asset, bytes, spec.sbom, actor ?? {}, clock());
      changed = true;
    }
    seeded.push(made.asset);
  }
  const ids = seeded.map((a) => a.id);
  const inventories = await assets.currentInventories(ids);
  const counts = await new AlertRepository(db.kysely).activeCounts(ids, clock().toISOString().slice(0, 10));
  return {
    orgId: org.id,
    advisories: await kb.count(),
    assets: seeded.map((a) => ({
      id: a.id,
      name: a.name,
      components: inventories.get(a.id)?.componentCount ?? 0,
      alerts: counts.get(a.id)?.active ?? 0,
    })),
    changed,
    advisoryImport,
  };
}

/** The demo organisation, when the demo has been loaded (or an operator of that name exists). */
export async function demoOrg(db: ServerDb): Promise<Organisation | undefined> {
  const org = await new OrganisationRepository(db.kysely).byName(DEMO_ORG.name);
  return org?.kind === DEMO_ORG.kind ? org : undefined;
}

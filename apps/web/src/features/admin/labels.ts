import type { Schemas } from "@bulwark/api-contract";

type Organisation = Schemas["Organisation"];

/** An organisation kind. */
export type OrgKind = Organisation["kind"];
/** An operator organisation's sector. */
export type Sector = NonNullable<Organisation["sector"]>;
/** A role in an organisation. */
export type OrgRole = Schemas["Member"]["role"];
/** An API token scope. */
export type Scope = Schemas["ApiToken"]["scopes"][number];

// Records over the contract's unions: a kind, sector or role added on the server fails the build
// here until it has words.

/** Organisation kinds in words. */
export const KIND_LABELS: Readonly<Record<OrgKind, string>> = {
  operator: "Operator (runs the assets)",
  vendor: "Vendor",
  "ai-developer": "AI developer",
  researcher: "Researcher",
  government: "Government",
  coordinator: "Coordinator",
};

/** Sectors in words. */
export const SECTOR_LABELS: Readonly<Record<Sector, string>> = {
  healthcare: "Healthcare",
  financial: "Financial services",
  energy: "Energy",
  water: "Water",
  communications: "Communications",
  government: "Government",
  other: "Other",
};

/** Organisation roles, most rights first, with what each may do. */
export const ROLE_LABELS: Readonly<Record<OrgRole, string>> = {
  owner: "Owner — everything, including the organisation itself",
  admin: "Admin — members, tokens and webhooks",
  analyst: "Analyst — reads and works on alerts",
  member: "Member — reads and works on alerts",
  viewer: "Viewer — reads only",
};

/** Token scopes in words. */
export const SCOPE_LABELS: Readonly<Record<Scope, string>> = {
  read: "Read",
  write: "Write (create and change)",
  admin: "Platform administration",
};

/** The keys of a label record, in its order. */
export function keysOf<K extends string>(labels: Readonly<Record<K, string>>): K[] {
  return Object.keys(labels) as K[];
}

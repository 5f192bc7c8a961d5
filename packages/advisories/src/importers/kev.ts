import { BulwarkError } from "@bulwark/core";

/** One entry of the CISA Known Exploited Vulnerabilities catalog. */
export interface KevEntry {
  readonly cveID: string;
  readonly vendorProject: string;
  readonly product: string;
  readonly vulnerabilityName: string;
  readonly dateAdded: string;
  readonly shortDescription: string;
  readonly requiredAction: string;
  readonly dueDate: string;
  /** `Known` or `Unknown`. */
  readonly knownRansomwareCampaignUse: string;
  readonly notes: string;
  readonly cwes: readonly string[];
}

/** The KEV catalog as published by CISA. */
export interface KevCatalog {
  readonly catalogVersion: string;
  readonly dateReleased: string;
  readonly entries: readonly KevEntry[];
}

const CVE = /^CVE-\d{4}-\d{4,}$/;
const str = (x: unknown): string => (typeof x === "string" ? x : "");

/** True when a parsed JSON value looks like the KEV catalog (used to sniff file types). */
export function looksLikeKev(x: unknown): boolean {
  return typeof x === "object" && x !== null && "catalogVersion" in x && "vulnerabilities" in x;
}

/**
 * Parse `known_exploited_vulnerabilities.json`. Throws `BULWARK_KEV_INVALID` when the
 * shape is wrong; entries without a CVE id are skipped.
 */
export function parseKev(json: unknown, location: string): KevCatalog {
  if (!looksLikeKev(json)) {
    throw new BulwarkError(
      "BULWARK_KEV_INVALID",
      `${location} is not a KEV catalog (no catalogVersion/vulnerabilities)`,
    );
  }
  const doc = json as { catalogVersion: unknown; dateReleased: unknown; vulnerabilities: unknown };
  if (!Array.isArray(doc.vulnerabilities)) {
    throw new BulwarkError("BULWARK_KEV_INVALID", `${location}: vulnerabilities is not a list`);
  }
  const entries: KevEntry[] = [];
  for (const v of doc.vulnerabilities as Record<string, unknown>[]) {
    if (typeof v !== "object" || v === null || !CVE.test(str(v.cveID))) continue;
    entries.push({
      cveID: str(v.cveID),
      vendorProject: str(v.vendorProject),
      product: str(v.product),
      vulnerabilityName: str(v.vulnerabilityName),
      dateAdded: str(v.dateAdded),
      shortDescription: str(v.shortDescription),
      requiredAction: str(v.requiredAction),
      dueDate: str(v.dueDate),
      knownRansomwareCampaignUse: str(v.knownRansomwareCampaignUse) || "Unknown",
      notes: str(v.notes),
      cwes: Array.isArray(v.cwes) ? v.cwes.filter((c): c is string => typeof c === "string") : [],
    });
  }
  return { catalogVersion: str(doc.catalogVersion), dateReleased: str(doc.dateReleased), entries };
}

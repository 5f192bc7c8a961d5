import { canonicalBaseName, normalizePackageName, purlToPackage } from "@bulwark/versions";
import type { VexProduct } from "../vex/types.ts";
import { purlParts } from "./purl-parts.ts";
import type { SuppressionFinding } from "./types.ts";

/**
 * Whether a VEX product (or one of its subcomponents) is the finding's package.
 *
 * Only purls match: the product's purl must name the same package, compared as OSV packages (same base
 * ecosystem, names compared the ecosystem's way) when the purl type maps to an OSV ecosystem, or by
 * type / namespace / name against the finding's own purl otherwise. Qualifiers and subpath are ignored. A purl
 * with a version matches only that version; a purl without one matches every version. CycloneDX `versions`
 * restrict the match to those exact versions; a product restricted only by `vers:` ranges never matches.
 */
export function productMatches(product: VexProduct, finding: SuppressionFinding): boolean {
  if (product.purl !== undefined && purlMatches(product.purl, finding) && versionListAllows(product, finding.version)) {
    return true;
  }
  return product.subcomponents?.some((sub) => productMatches(sub, finding)) ?? false;
}

function versionListAllows(product: VexProduct, version: string): boolean {
  if (product.versions !== undefined) return product.versions.some((v) => sameVersion(v, version));
  return product.versionRanges === undefined;
}

function purlMatches(purl: string, finding: SuppressionFinding): boolean {
  const mapped = purlToPackage(purl);
  if (mapped !== undefined) {
    if (canonicalBaseName(mapped.ecosystem) !== canonicalBaseName(finding.ecosystem)) return false;
    if (
      normalizePackageName(finding.ecosystem, mapped.name) !== normalizePackageName(finding.ecosystem, finding.name)
    ) {
      return false;
    }
    return mapped.version === undefined || sameVersion(mapped.version, finding.version);
  }
  // Purl types without an OSV ecosystem (oci, generic, vendor types) can only be compared purl to purl.
  const product = purlParts(purl);
  const own = finding.purl === undefined ? undefined : purlParts(finding.purl);
  if (product === undefined || own === undefined) return false;
  if (product.type !== own.type || product.namespace !== own.namespace || product.name !== own.name) return false;
  return product.version === undefined || sameVersion(product.version, finding.version);
}

/** Versions are compared as strings, except that an explicit zero epoch (`0:1.2-3`) equals no epoch. */
function sameVersion(a: string, b: string): boolean {
  return withoutZeroEpoch(a.trim()) === withoutZeroEpoch(b.trim());
}

function withoutZeroEpoch(v: string): string {
  return v.startsWith("0:") ? v.slice(2) : v;
}

import { canonicalBaseName, normalizePackageName } from "@bulwark/versions";
import type { SuppressionFinding } from "../match/types.ts";
import type { BulwarkConfig, IgnoreRule, PackageOverride } from "./types.ts";

/** What `bulwark.yaml` says about one finding. */
export interface ConfigSuppression {
  readonly suppressed: boolean;
  /** The rule that suppressed the finding. */
  readonly rule?:
    | { readonly kind: "ignore"; readonly rule: IgnoreRule }
    | { readonly kind: "package"; readonly rule: PackageOverride };
  /** One line for `--show-suppressed` and reports. */
  readonly reason: string;
}

/**
 * Decide whether `bulwark.yaml` suppresses a finding: an unexpired `ignore` rule whose id is in the finding's
 * alias group (case-insensitive), or an unexpired `packages` override with `ignore: true` naming the package.
 * An override's ecosystem matches the finding's with or without a release suffix (`Debian` covers
 * `Debian:12`, `Debian:12` only itself); names are compared the ecosystem's way; a version must be equal.
 */
export function configSuppressionFor(finding: SuppressionFinding, config: BulwarkConfig): ConfigSuppression {
  const ids = new Set(finding.ids.map((id) => id.trim().toUpperCase()));
  const where = config.path ?? "bulwark.yaml";
  const rule = config.ignore.find((r) => !r.expired && ids.has(r.id.toUpperCase()));
  if (rule !== undefined) {
    return {
      suppressed: true,
      rule: { kind: "ignore", rule },
      reason: `ignored by ${where} ignore[${rule.index}] (${rule.id}): ${rule.reason}${until(rule.expires)}`,
    };
  }
  const override = config.packages.find((o) => o.ignore && !o.expired && overrideMatches(o, finding));
  if (override !== undefined) {
    return {
      suppressed: true,
      rule: { kind: "package", rule: override },
      reason: `package ignored by ${where} packages[${override.index}] (${override.name}): ${override.reason}${until(override.expires)}`,
    };
  }
  return { suppressed: false, reason: "no bulwark.yaml rule applies" };
}

function overrideMatches(o: PackageOverride, f: SuppressionFinding): boolean {
  if (o.ecosystem !== undefined) {
    const sameRelease = o.ecosystem.toLowerCase() === f.ecosystem.toLowerCase();
    const baseOnly = !o.ecosystem.includes(":") && canonicalBaseName(o.ecosystem) === canonicalBaseName(f.ecosystem);
    if (!sameRelease && !baseOnly) return false;
  }
  if (normalizePackageName(f.ecosystem, o.name) !== normalizePackageName(f.ecosystem, f.name)) return false;
  return o.version === undefined || o.version === f.version;
}

function until(expires: string | undefined): string {
  return expires === undefined ? "" : ` (until ${expires})`;
}

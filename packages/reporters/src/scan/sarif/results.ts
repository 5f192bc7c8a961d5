import type { ExtractedPackage, Finding, PackageLocation, ScanReport } from "@bulwark/core";
import { purlOf } from "../../inventory/shared/package-facts.ts";
import { packageOf, remediationsByPackage } from "../shared/machine-findings.ts";
import { alertKey, resultHash } from "./fingerprint.ts";
import { levelOf } from "./severity.ts";
import { listing, oneLine } from "./text.ts";
import { relativeUri } from "./uri.ts";

type Json = Record<string, unknown>;

/** The base id every artifact URI is relative to: the scanned root. */
export const SRCROOT = "%SRCROOT%";

function defined(obj: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

function message(f: Finding, pkg: ExtractedPackage, fix: string | undefined): string {
  const who = `Package ${pkg.name}@${pkg.version} (${pkg.ecosystem})`;
  const others = f.aliases.filter((a) => a !== f.id);
  const aka = others.length > 0 ? ` (also known as ${listing(others)})` : "";
  const parts = [
    f.status === "undetermined"
      ? `${who} may be affected by ${f.id}${aka}: ${oneLine(f.reason ?? "the version could not be judged")}.`
      : `${who} is affected by ${f.id}${aka}.`,
  ];
  if (f.summary !== undefined) parts.push(`${oneLine(f.summary).replace(/\.$/u, "")}.`);
  parts.push(f.fixedVersions.length > 0 ? `Fixed in ${f.fixedVersions.join(", ")}.` : "No fixed version is known.");
  if (fix !== undefined) parts.push(`Upgrading to ${fix} fixes every finding of this package.`);
  if (f.kev !== undefined) parts.push(`Known exploited (CISA KEV, due ${f.kev.dueDate}).`);
  if (f.deadline !== undefined) parts.push(`Remediation deadline: ${f.deadline.label} (${f.deadline.policy}).`);
  return parts.join(" ");
}

function physicalLocation(loc: PackageLocation): Json {
  // GitHub needs a line to place an alert; a format without lines (an RPM database, some SBOMs)
  // gets the first line of the file.
  const line = loc.line !== undefined && loc.line >= 1 ? loc.line : 1;
  return {
    artifactLocation: { uri: relativeUri(loc.path), uriBaseId: SRCROOT },
    region: { startLine: line, startColumn: 1, endLine: line },
  };
}

function suppressionsOf(f: Finding): Json[] | undefined {
  const s = f.suppressed;
  if (s === undefined) return undefined;
  const justification =
    s.justification !== undefined && s.justification !== s.reason ? `${s.reason} (${s.justification})` : s.reason;
  return [
    {
      kind: "external",
      status: "accepted",
      justification: oneLine(justification),
      properties: defined({ kind: s.kind, source: s.source, vexStatus: s.status }),
    },
  ];
}

function properties(f: Finding, pkg: ExtractedPackage): Json {
  return defined({
    package: defined({ ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version, purl: purlOf(pkg) }),
    status: f.status,
    reason: f.reason,
    aliases: f.aliases,
    severity: f.severity.level,
    cvssScore: f.severity.score,
    cvssVector: f.severity.vector,
    fixedVersions: f.fixedVersions,
    epss: f.epss,
    kev: f.kev,
    ssvc: f.ssvc,
    deadline: f.deadline,
    priority: f.priority,
  });
}

/**
 * The SARIF results of the findings, one per (finding, location), in the findings' order. Results
 * that share an alert key (two versions of one package in one lockfile) are told apart by the
 * `:n` occurrence suffix, as GitHub does for its own line hashes.
 */
export function resultsFor(
  report: ScanReport,
  findings: readonly Finding[],
  ruleIndex: ReadonlyMap<string, number>,
): Json[] {
  const remediations = remediationsByPackage(report);
  const occurrences = new Map<string, number>();
  const out: Json[] = [];
  for (const f of findings) {
    const pkg = packageOf(report, f);
    const locations: readonly (PackageLocation | undefined)[] = pkg.locations.length > 0 ? pkg.locations : [undefined];
    for (const loc of locations) {
      const path = loc?.path ?? "";
      const key = alertKey(f.id, pkg.ecosystem, pkg.name, path);
      const n = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, n);
      out.push(
        defined({
          ruleId: f.id,
          ruleIndex: ruleIndex.get(f.id),
          level: levelOf(f.severity.level),
          message: { text: message(f, pkg, remediations.get(f.packageIndex)?.fixVersion) },
          locations: loc === undefined ? undefined : [{ physicalLocation: physicalLocation(loc) }],
          partialFingerprints: {
            primaryLocationLineHash: `${key}:${n}`,
            "bulwarkResultHash/v1": resultHash(f.id, pkg.ecosystem, pkg.name, pkg.version, path),
          },
          suppressions: suppressionsOf(f),
          properties: properties(f, pkg),
        }),
      );
    }
  }
  return out;
}

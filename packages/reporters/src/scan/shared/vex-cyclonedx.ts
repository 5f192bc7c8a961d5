import type { ExtractedPackage, Finding, ScanReport } from "@bulwark/core";
import type { Enums, Models } from "@cyclonedx/cyclonedx-library";
import { buildBom, packageBomRefs } from "../../inventory/shared/cyclonedx-bom.ts";
import { cyclonedx } from "../../inventory/shared/cyclonedx-library.ts";
import type { ScanRenderOptions } from "../types.ts";
import {
  advisoryUrls,
  cweNumbers,
  cyclonedxJustificationOf,
  detailsOf,
  fixRecommendation,
  osvUrl,
  recordDates,
  recordsOf,
  summaryOf,
  suppressionStatement,
  type VexState,
  vexFindings,
  vexIssuedAt,
  vexStateOf,
} from "./vex-facts.ts";

interface CycloneDxTables {
  readonly methods: Readonly<Record<string, Enums.Vulnerability.RatingMethod>>;
  readonly severities: Readonly<Record<Finding["severity"]["level"], Enums.Vulnerability.Severity>>;
  readonly affectStatus: Readonly<Record<VexState, Enums.Vulnerability.AffectStatus>>;
}

let tables: CycloneDxTables | undefined;

// Built on first use: the library is loaded only when a CycloneDX document is written.
function cyclonedxTables(): CycloneDxTables {
  if (tables !== undefined) return tables;
  const { AffectStatus, RatingMethod, Severity } = cyclonedx().Enums.Vulnerability;
  tables = {
    methods: {
      "2.0": RatingMethod.CVSSv2,
      "3.0": RatingMethod.CVSSv3,
      "3.1": RatingMethod.CVSSv31,
      "4.0": RatingMethod.CVSSv4,
    },
    severities: {
      unknown: Severity.Unknown,
      none: Severity.None,
      low: Severity.Low,
      medium: Severity.Medium,
      high: Severity.High,
      critical: Severity.Critical,
    },
    affectStatus: {
      affected: AffectStatus.Affected,
      not_affected: AffectStatus.Unaffected,
      under_investigation: AffectStatus.Unknown,
    },
  };
  return tables;
}

function rating(finding: Finding): Models.Vulnerability.Rating | undefined {
  const s = finding.severity;
  if (s.source === "none") return undefined;
  const { Models, Enums } = cyclonedx();
  const { methods, severities } = cyclonedxTables();
  const method = s.cvssVersion === undefined ? undefined : methods[s.cvssVersion];
  return new Models.Vulnerability.Rating({
    source: new Models.Vulnerability.Source({ name: "OSV" }),
    severity: severities[s.level],
    ...(s.score !== undefined && { score: s.score }),
    ...(s.vector !== undefined && { vector: s.vector }),
    method: method ?? Enums.Vulnerability.RatingMethod.Other,
  });
}

function analysis(finding: Finding): Models.Vulnerability.Analysis | undefined {
  const { Models, Enums } = cyclonedx();
  const { AnalysisState } = Enums.Vulnerability;
  const state = vexStateOf(finding);
  if (state === "under_investigation") {
    return new Models.Vulnerability.Analysis({ state: AnalysisState.InTriage, detail: finding.reason });
  }
  if (state !== "not_affected") return undefined;
  const justification = cyclonedxJustificationOf(finding) as Enums.Vulnerability.AnalysisJustification | undefined;
  return new Models.Vulnerability.Analysis({
    state: AnalysisState.NotAffected,
    justification,
    detail: suppressionStatement(finding),
  });
}

/** Bulwark's prioritisation facts as `bulwark:*` properties (KEV, EPSS, SSVC, deadline, priority). */
function factProperties(finding: Finding): Models.Property[] {
  const out: [string, string][] = [];
  const { kev, epss, ssvc, deadline } = finding;
  if (kev !== undefined) {
    out.push(
      ["bulwark:kev", "true"],
      ["bulwark:kev:dateAdded", kev.dateAdded],
      ["bulwark:kev:dueDate", kev.dueDate],
      ["bulwark:kev:knownRansomwareCampaignUse", kev.knownRansomwareCampaignUse],
    );
  }
  if (epss !== undefined) {
    out.push(["bulwark:epss", String(epss.probability)], ["bulwark:epss:percentile", String(epss.percentile)]);
  }
  if (ssvc !== undefined) {
    out.push(
      ["bulwark:ssvc", ssvc.decision],
      [
        "bulwark:ssvc:vector",
        `exploitation:${ssvc.exploitation}/automatable:${ssvc.automatable}/technical-impact:${ssvc.technicalImpact}/mission-wellbeing:${ssvc.missionWellbeing}`,
      ],
    );
  }
  if (deadline !== undefined) {
    out.push(["bulwark:deadline", deadline.dueDate ?? deadline.label], ["bulwark:deadline:policy", deadline.policy]);
    out.push(["bulwark:deadline:label", deadline.label]);
  }
  out.push(["bulwark:priority", String(finding.priority)]);
  const { Models } = cyclonedx();
  return out.map(([name, value]) => new Models.Property(name, value));
}

function vulnerability(
  report: ScanReport,
  findings: readonly Finding[],
  refs: ReadonlyMap<ExtractedPackage, Models.BomRef>,
  bomRef: string,
): Models.Vulnerability.Vulnerability {
  const { Models } = cyclonedx();
  const lead = findings[0]!;
  const records = [...new Set(findings.flatMap((f) => recordsOf(report, f)))];
  const advisoryIds = [...new Set(findings.flatMap((f) => f.advisoryIds))];
  const aliases = [...new Set(findings.flatMap((f) => f.aliases))].filter((a) => a !== lead.id).sort();
  const pkg = report.packages[lead.packageIndex]!;
  const v = new Models.Vulnerability.Vulnerability({
    bomRef,
    id: lead.id,
    source: new Models.Vulnerability.Source({ name: "OSV", url: osvUrl(advisoryIds[0] ?? lead.id) }),
    description: summaryOf(lead, records),
    detail: detailsOf(records),
    recommendation: fixRecommendation(pkg, lead),
    analysis: analysis(lead),
    ...recordDates(records),
  });
  for (const alias of aliases) {
    v.references.add(
      new Models.Vulnerability.Reference(alias, new Models.Vulnerability.Source({ url: osvUrl(alias) })),
    );
  }
  const r = rating(lead);
  if (r !== undefined) v.ratings.add(r);
  for (const cwe of cweNumbers(records)) v.cwes.add(cwe);
  for (const url of advisoryUrls(records)) v.advisories.add(new Models.Vulnerability.Advisory(url));
  for (const f of findings) {
    const affected = report.packages[f.packageIndex]!;
    const version = new Models.Vulnerability.AffectedSingleVersion(affected.version, {
      status: cyclonedxTables().affectStatus[vexStateOf(f)],
    });
    const versions = new Models.Vulnerability.AffectedVersionRepository([version]);
    v.affects.add(new Models.Vulnerability.Affect(refs.get(affected)!, { versions }));
  }
  for (const p of factProperties(lead)) v.properties.add(p);
  return v;
}

// One CycloneDX vulnerability carries one analysis, so findings of the same id are merged only
// when they agree on it (state, suppression); the most urgent finding of a group speaks for it.
function groupKey(finding: Finding): string {
  const s = finding.suppressed;
  return [finding.id, vexStateOf(finding), s?.kind, s?.source, s?.reason, s?.justification, finding.reason].join(
    "\u0000",
  );
}

/**
 * The CycloneDX 1.6 VDR of a scan: the packages with findings as components (built as the
 * inventory writers build them), and one `vulnerabilities[]` entry per vulnerability id and analysis.
 */
export function buildVdr(report: ScanReport, opts: ScanRenderOptions): Models.Bom {
  const findings = vexFindings(report);
  const packages = [...new Set(findings.map((f) => report.packages[f.packageIndex]!))];
  const inventory = { sources: report.sources, packages, notes: report.notes };
  const bom = buildBom(inventory, {
    toolName: report.tool.name,
    toolVersion: report.tool.version,
    now: vexIssuedAt(report, opts),
    ...(opts.uuid !== undefined && { uuid: opts.uuid }),
  });
  // Affects point at the components' own BomRef objects, so the serialiser writes the same values.
  const byValue = new Map([...bom.components].map((c) => [c.bomRef.value, c.bomRef]));
  const refs = new Map([...packageBomRefs(inventory)].map(([pkg, ref]) => [pkg, byValue.get(ref)!]));
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(groupKey(f), [...(groups.get(groupKey(f)) ?? []), f]);
  // Explicit bom-refs: the library would otherwise make up random ones, and output must be reproducible.
  const seen = new Map<string, number>();
  for (const group of groups.values()) {
    const id = group[0]!.id;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    const bomRef = n === 1 ? `bulwark:vulnerability:${id}` : `bulwark:vulnerability:${id}#${n}`;
    bom.vulnerabilities.add(vulnerability(report, group, refs, bomRef));
  }
  return bom;
}

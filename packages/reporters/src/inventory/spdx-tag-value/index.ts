import { buildSpdxDocument, type SpdxDocument, type SpdxPackage } from "../shared/spdx-document.ts";
import type { InventoryWriter } from "../types.ts";

// A tag's value is one line; text that spans lines goes between <text> and </text>.
function tag(name: string, value: string): string {
  return value.includes("\n") ? `${name}: <text>${value}</text>` : `${name}: ${value}`;
}

function optionalTag(name: string, value: string | undefined): string[] {
  return value === undefined ? [] : [tag(name, value)];
}

function documentLines(doc: SpdxDocument): string[] {
  return [
    tag("SPDXVersion", doc.spdxVersion),
    tag("DataLicense", doc.dataLicense),
    tag("SPDXID", doc.SPDXID),
    tag("DocumentName", doc.name),
    tag("DocumentNamespace", doc.documentNamespace),
    ...doc.creationInfo.creators.map((c) => tag("Creator", c)),
    tag("Created", doc.creationInfo.created),
    ...optionalTag("DocumentComment", doc.comment),
  ];
}

function packageLines(pkg: SpdxPackage): string[] {
  return [
    tag("PackageName", pkg.name),
    tag("SPDXID", pkg.SPDXID),
    ...optionalTag("PackageVersion", pkg.versionInfo),
    tag("PackageDownloadLocation", pkg.downloadLocation),
    tag("FilesAnalyzed", String(pkg.filesAnalyzed)),
    ...(pkg.checksums ?? []).map((c) => tag("PackageChecksum", `${c.algorithm}: ${c.checksumValue}`)),
    ...optionalTag("PackageSourceInfo", pkg.sourceInfo),
    tag("PackageLicenseConcluded", pkg.licenseConcluded),
    tag("PackageLicenseDeclared", pkg.licenseDeclared),
    tag("PackageCopyrightText", pkg.copyrightText),
    ...optionalTag("PackageComment", pkg.comment),
    ...(pkg.externalRefs ?? []).map((r) =>
      tag("ExternalRef", `${r.referenceCategory} ${r.referenceType} ${r.referenceLocator}`),
    ),
    tag("PrimaryPackagePurpose", pkg.primaryPackagePurpose),
  ];
}

/** The SPDX 2.3 tag-value text of a document built for the JSON writer (same content, other syntax). */
export function renderTagValue(doc: SpdxDocument): string {
  const sections = [
    documentLines(doc),
    ...doc.packages.map(packageLines),
    doc.relationships.map((r) =>
      tag("Relationship", `${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`),
    ),
  ];
  return `${sections.map((lines) => lines.join("\n")).join("\n\n")}\n`;
}

/** SPDX 2.3 tag-value, the same document as `spdx-json`. */
export const spdxTagValueWriter: InventoryWriter = {
  format: "spdx-tag-value",
  mediaType: "text/spdx",
  fileExtension: ".spdx",
  render(inv, opts) {
    return renderTagValue(buildSpdxDocument(inv, opts));
  },
};

import { randomUUID } from "node:crypto";
import type { ExtractedPackage, Inventory } from "@bulwark/extractors";
import type { RenderOptions } from "../types.ts";
import { sortedLocations, sortedNotes, sortedPackages } from "./order.ts";
import { locationLabel, noteLabel, purlOf } from "./package-facts.ts";
import { describeSubject, documentNameOf, type Subject, sourceLabel } from "./subject.ts";

// The shape of an SPDX 2.3 document as far as Bulwark fills it; the JSON writer prints it as is
// and the tag-value writer walks the same object, so both carry the same content.

/** An SPDX 2.3 package as Bulwark writes it. */
export interface SpdxPackage {
  readonly SPDXID: string;
  readonly name: string;
  readonly versionInfo?: string;
  readonly downloadLocation: string;
  readonly filesAnalyzed: boolean;
  readonly checksums?: readonly { readonly algorithm: string; readonly checksumValue: string }[];
  readonly sourceInfo?: string;
  readonly licenseConcluded: string;
  readonly licenseDeclared: string;
  readonly copyrightText: string;
  readonly comment?: string;
  readonly externalRefs?: readonly SpdxExternalRef[];
  readonly primaryPackagePurpose: string;
}

/** A package's external reference (Bulwark writes only its purl). */
export interface SpdxExternalRef {
  readonly referenceCategory: string;
  readonly referenceType: string;
  readonly referenceLocator: string;
}

/** `spdxElementId relationshipType relatedSpdxElement`. */
export interface SpdxRelationship {
  readonly spdxElementId: string;
  readonly relationshipType: string;
  readonly relatedSpdxElement: string;
}

/** An SPDX 2.3 document. */
export interface SpdxDocument {
  readonly spdxVersion: "SPDX-2.3";
  readonly dataLicense: "CC0-1.0";
  readonly SPDXID: "SPDXRef-DOCUMENT";
  readonly name: string;
  readonly documentNamespace: string;
  readonly creationInfo: { readonly created: string; readonly creators: readonly string[] };
  readonly comment?: string;
  readonly packages: readonly SpdxPackage[];
  readonly relationships: readonly SpdxRelationship[];
}

/** SPDXID of the package that stands for the scanned subject. */
export const SUBJECT_SPDXID = "SPDXRef-Subject";
const NOASSERTION = "NOASSERTION";

/**
 * Only letters, digits, `.` and `-` may follow `SPDXRef-`: anything else becomes `-`, with runs of
 * `-` collapsed and none at either end (`@scope/a&b` -> `scope-a-b`).
 */
export function spdxIdPart(s: string): string {
  return s
    .replace(/[^A-Za-z0-9.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "");
}

// The counter alone keeps IDs unique; the name part is there for people reading the document.
function packageSpdxId(pkg: ExtractedPackage, index: number): string {
  const part = spdxIdPart(`${pkg.name}-${pkg.version}`);
  return part === "" ? `SPDXRef-Package-${index + 1}` : `SPDXRef-Package-${part}-${index + 1}`;
}

// SPDX wants UTC without fractions of a second: 2025-01-02T03:04:05Z.
function spdxDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function subjectPackage(subject: Subject): SpdxPackage {
  const lines = subject.sources.map((s) => `source: ${sourceLabel(s)}`);
  const image = subject.image;
  if (image !== undefined) {
    lines.push(`image id: ${image.id}`);
    for (const tag of image.tags) lines.push(`image tag: ${tag}`);
    if (image.os !== undefined || image.architecture !== undefined) {
      lines.push(`platform: ${image.os ?? "unknown"}/${image.architecture ?? "unknown"}`);
    }
    for (const layer of image.layers) lines.push(`layer: ${layer}`);
  }
  const digest = image === undefined ? undefined : /^sha256:([0-9a-f]{64})$/.exec(image.id)?.[1];
  return {
    SPDXID: SUBJECT_SPDXID,
    name: subject.name,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    ...(digest === undefined ? {} : { checksums: [{ algorithm: "SHA256", checksumValue: digest }] }),
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    ...(lines.length === 0 ? {} : { comment: lines.join("\n") }),
    primaryPackagePurpose: subject.kind === "image" ? "CONTAINER" : "APPLICATION",
  };
}

function sourceInfo(pkg: ExtractedPackage): string {
  const parts = [`found in: ${sortedLocations(pkg.locations).map(locationLabel).join(", ")}`];
  if (pkg.layer !== undefined) parts.push(`image layer: ${pkg.layer}`);
  if (pkg.sourceName !== undefined) {
    parts.push(`source package: ${pkg.sourceName}${pkg.sourceVersion === undefined ? "" : ` ${pkg.sourceVersion}`}`);
  }
  return parts.join("; ");
}

function packageComment(pkg: ExtractedPackage): string {
  const parts = [`ecosystem: ${pkg.ecosystem}`];
  if (pkg.relation !== undefined) parts.push(`relation: ${pkg.relation}`);
  if (pkg.scope !== undefined && pkg.scope !== "prod") parts.push(`scope: ${pkg.scope}`);
  return parts.join("; ");
}

function spdxPackage(pkg: ExtractedPackage, index: number): SpdxPackage {
  const purl = purlOf(pkg);
  return {
    SPDXID: packageSpdxId(pkg, index),
    name: pkg.name,
    versionInfo: pkg.version,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    sourceInfo: sourceInfo(pkg),
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    comment: packageComment(pkg),
    ...(purl === undefined
      ? {}
      : { externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: purl }] }),
    primaryPackagePurpose: "LIBRARY",
  };
}

// The subject CONTAINS everything found in it; direct dependencies also get the relationship
// that says how the subject needs them (dev and optional ones point the other way, as SPDX defines).
function relationshipsOf(pkg: ExtractedPackage, id: string): SpdxRelationship[] {
  const rels: SpdxRelationship[] = [
    { spdxElementId: SUBJECT_SPDXID, relationshipType: "CONTAINS", relatedSpdxElement: id },
  ];
  if (pkg.relation !== "direct") return rels;
  if (pkg.scope === "dev") {
    rels.push({ spdxElementId: id, relationshipType: "DEV_DEPENDENCY_OF", relatedSpdxElement: SUBJECT_SPDXID });
  } else if (pkg.scope === "optional") {
    rels.push({ spdxElementId: id, relationshipType: "OPTIONAL_DEPENDENCY_OF", relatedSpdxElement: SUBJECT_SPDXID });
  } else {
    rels.push({ spdxElementId: SUBJECT_SPDXID, relationshipType: "DEPENDS_ON", relatedSpdxElement: id });
  }
  return rels;
}

/** The SPDX 2.3 document of an inventory: the subject package, one package per inventory entry, notes as comment. */
export function buildSpdxDocument(inv: Inventory, opts: RenderOptions): SpdxDocument {
  const subject = describeSubject(inv, opts);
  const name = documentNameOf(subject, opts);
  const uuid = (opts.uuid ?? randomUUID)();
  const found = sortedPackages(inv);
  const packages = found.map(spdxPackage);
  const relationships: SpdxRelationship[] = [
    { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: SUBJECT_SPDXID },
    ...found.flatMap((pkg, i) => relationshipsOf(pkg, packages[i]!.SPDXID)),
  ];
  const notes = sortedNotes(inv).map(noteLabel);
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name,
    documentNamespace: `https://spdx.org/spdxdocs/${spdxIdPart(`${opts.toolName}-${name}`)}-${uuid}`,
    creationInfo: { created: spdxDate(opts.now), creators: [`Tool: ${opts.toolName}-${opts.toolVersion}`] },
    ...(notes.length === 0 ? {} : { comment: `Problems met while reading the inputs:\n${notes.join("\n")}` }),
    packages: [subjectPackage(subject), ...packages],
    relationships,
  };
}

import type { ReadFailure } from "../../shared/sbom/read-outcome.ts";
import type { SpdxDocument, SpdxPackage, SpdxRelationship } from "../../shared/sbom/spdx-inventory.ts";

/** A tag-value SPDX document read into the {@link SpdxDocument} model, or why it could not be. */
export type ReadOutcome = { readonly ok: true; readonly doc: SpdxDocument } | ReadFailure;

const TAG = /^([A-Za-z][A-Za-z0-9]*):[ \t]*(.*)$/;
const TEXT_OPEN = "<text>";
const TEXT_CLOSE = "</text>";
const PACKAGE_MANAGER = new Set(["PACKAGE-MANAGER", "PACKAGE_MANAGER"]);
// Tags that start a section that is not a package: what follows them (SPDXID…) is not the package's.
const NOT_PACKAGE_SECTIONS = new Set(["FileName", "SnippetSPDXID", "LicenseID", "Annotator"]);

interface PackageDraft {
  id?: string;
  name: string;
  purls: string[];
  versionInfo?: string;
  line: number;
}

/**
 * Read an SPDX 2.x tag-value document. `<text>…</text>` values may span lines and may hold
 * anything (even `PackageName:`); they are skipped as a whole, since no tag read here uses one.
 */
export function readTagValueDocument(source: string): ReadOutcome {
  const lines = source.split(/\r?\n/);
  const packages: PackageDraft[] = [];
  const relationships: SpdxRelationship[] = [];
  let version: string | undefined;
  let current: PackageDraft | undefined;
  let textFrom: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (textFrom !== undefined) {
      if (line.includes(TEXT_CLOSE)) textFrom = undefined;
      continue;
    }
    const m = TAG.exec(line.trim());
    if (m === null) continue; // blank lines, `#` comments
    const tag = m[1]!;
    const value = m[2]!.trim();
    if (value.startsWith(TEXT_OPEN)) {
      if (!value.includes(TEXT_CLOSE, TEXT_OPEN.length)) textFrom = i + 1;
      continue;
    }
    if (tag === "SPDXVersion") version ??= value;
    else if (tag === "PackageName") {
      current = { name: value, purls: [], line: i + 1 };
      packages.push(current);
    } else if (NOT_PACKAGE_SECTIONS.has(tag)) current = undefined;
    else if (tag === "SPDXID" && current !== undefined) current.id ??= value;
    else if (tag === "PackageVersion" && current !== undefined) current.versionInfo ??= value;
    else if (tag === "ExternalRef" && current !== undefined) {
      const [category, type, locator] = value.split(/\s+/);
      if (category && PACKAGE_MANAGER.has(category) && type === "purl" && locator) current.purls.push(locator);
    } else if (tag === "Relationship") {
      const [from, type, to] = value.split(/\s+/);
      if (from && type && to) relationships.push({ from, type, to });
    }
  }
  if (textFrom !== undefined) {
    return { ok: false, code: "parse", message: "a <text> value is never closed with </text>", line: textFrom };
  }
  if (version === undefined)
    return { ok: false, code: "parse", message: "no SPDXVersion tag: not an SPDX tag-value document" };
  if (!/^SPDX-2\.\d+$/.test(version)) {
    return { ok: false, code: "format", message: `SPDXVersion ${version} is not SPDX-2.x` };
  }
  const doc: SpdxDocument = { packages: packages as SpdxPackage[], relationships, describes: [] };
  return { ok: true, doc };
}
